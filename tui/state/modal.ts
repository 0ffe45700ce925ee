// The modal slot: what covers the main area and takes the keyboard. Each kind of prompt has one owner
// (each widget's, widgets/models.ts: help, the bid prompt, the filter, the listing form, the price
// question), and after every action the prompts follow the rest
// of the state (a bid prompt its auction's minimum; the price question its request).
import { WIDGET_MODELS } from '../widgets/models.js';
import type { ModalReducer } from '../widgets/widget.js';
import type { Action, AuctionState, Modal, Note, SliceResult } from './model.js';

/** Esc on any prompt closes it. */
function reduceClose(modal: Modal | null, action: Action): SliceResult<Modal | null> {
  return { slice: action.type === 'modalClose' ? null : modal, notes: [] };
}

/** Every owner sees every action and leaves alone what is not its own; the widgets' first. */
const OWNERS: readonly ModalReducer[] = [
  reduceClose,
  ...Object.values(WIDGET_MODELS).flatMap((m): ModalReducer[] => (m.modal ? [m.modal] : [])),
];

/** After every owner, each prompt follows the rest of the state (the bid prompt before the price question). */
const FOLLOWERS: readonly ModalReducer[] = [
  ...Object.values(WIDGET_MODELS).flatMap((m): ModalReducer[] => (m.follow ? [m.follow] : [])),
];

export function reduceModal(
  modal: Modal | null,
  action: Action,
  now: number,
  s: AuctionState,
): SliceResult<Modal | null> {
  const notes: Note[] = [];
  let slice = modal;
  for (const reduce of OWNERS) {
    const r = reduce(slice, action, now, { ...s, modal: slice });
    slice = r.slice;
    notes.push(...r.notes);
  }
  for (const follow of FOLLOWERS) {
    const r = follow(slice, action, now, { ...s, modal: slice });
    slice = r.slice;
    notes.push(...r.notes);
  }
  return { slice, notes };
}
