// The modal slot: what covers the main area and takes the keyboard. Each kind of prompt has one owner
// (help and the filter here; the bid prompt in bid.ts; the listing form in listing.ts; the price
// question in negotiation.ts), and after every action the prompts follow the rest of the state (a bid
// prompt its auction's minimum; the price question its request).
import { followBidPrompt, reduceBidPrompt } from './bid.js';
import { reduceListingForm } from './listing.js';
import type { Action, AuctionState, Modal, Note, SliceResult } from './model.js';
import { followPricePrompt, reducePricePrompt } from './negotiation.js';

type ModalReducer = (modal: Modal | null, action: Action, now: number, s: AuctionState) => SliceResult<Modal | null>;

function reduceOwnPrompts(
  modal: Modal | null,
  action: Action,
  _now: number,
  s: AuctionState,
): SliceResult<Modal | null> {
  switch (action.type) {
    case 'helpToggle':
      return { slice: modal?.kind === 'help' ? null : { kind: 'help' }, notes: [] };
    case 'modalClose':
      return { slice: null, notes: [] };
    case 'filterOpen':
      return { slice: { kind: 'filter', draft: s.filter }, notes: [] };
    case 'filterDraft':
      return { slice: modal?.kind === 'filter' ? { kind: 'filter', draft: action.text } : modal, notes: [] };
    case 'filterApply':
      return { slice: modal?.kind === 'filter' ? null : modal, notes: [] };
    default:
      return { slice: modal, notes: [] };
  }
}

/** Every owner sees every action and leaves alone what is not its own. */
const OWNERS: readonly ModalReducer[] = [reduceOwnPrompts, reduceBidPrompt, reduceListingForm, reducePricePrompt];

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
  const bid = followBidPrompt(slice, s);
  const price = followPricePrompt(bid.slice, action, now, { ...s, modal: bid.slice });
  notes.push(...bid.notes, ...price.notes);
  return { slice: price.slice, notes };
}
