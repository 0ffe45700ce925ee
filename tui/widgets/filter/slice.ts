// The filter's state: the filter in force (its slice) and the `/` prompt (its kind of the modal slot).
// The prompt narrows the table as it is typed; Enter keeps the filter, Esc (or Esc on the market) clears it.
import { unchanged } from '../../state/helpers.js';
import type { Action, AuctionState, Modal, SliceResult } from '../../state/model.js';
import type { WidgetModel } from '../widget.js';
import type { FilterTypes } from './actions.js';

/** The filter follows the prompt as it is typed; Enter keeps it, Esc (or Esc on the market) clears it. */
export function reduceFilter(filter: string, action: Action, _now: number, s: AuctionState): SliceResult<string> {
  const open = s.modal?.kind === 'filter' ? s.modal : null;
  switch (action.type) {
    case 'filterDraft':
      return unchanged(open ? action.text : filter);
    case 'filterApply':
      return unchanged(open ? open.draft.trim() : filter);
    case 'modalClose':
      return unchanged(open ? '' : filter);
    case 'filterClear':
      return unchanged('');
    default:
      return unchanged(filter);
  }
}

/** The prompt: opened on the filter in force, following the typing, closed by Enter (Esc: modalClose). */
export function reduceFilterPrompt(
  modal: Modal | null,
  action: Action,
  _now: number,
  s: AuctionState,
): SliceResult<Modal | null> {
  switch (action.type) {
    case 'filterOpen':
      return unchanged({ kind: 'filter', draft: s.filter });
    case 'filterDraft':
      return unchanged(modal?.kind === 'filter' ? { kind: 'filter', draft: action.text } : modal);
    case 'filterApply':
      return unchanged(modal?.kind === 'filter' ? null : modal);
    default:
      return unchanged(modal);
  }
}

export const FILTER_MODEL: WidgetModel<FilterTypes> = {
  initial: { filter: '' },
  slices: { filter: reduceFilter },
  modal: reduceFilterPrompt,
};
