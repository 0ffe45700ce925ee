// The bid prompt (the modal slot while a bid or a maximum is typed): opened prefilled with the minimum
// next bid, which it follows until the user edits it; closes by itself when its auction does.
import { formatMoney } from '../../../shared/protocol/index.js';
import { result, same, status, unchanged } from '../../state/helpers.js';
import type { Action, AuctionState, Modal, SliceResult } from '../../state/model.js';
import { minimumBid } from '../../state/auction-selectors.js';
import type { WidgetModel } from '../widget.js';
import type { BidTypes } from './actions.js';

export function reduceBidPrompt(modal: Modal | null, action: Action): SliceResult<Modal | null> {
  const m = modal?.kind === 'bid' ? modal : null;
  switch (action.type) {
    case 'bidOpen':
      return unchanged({
        kind: 'bid',
        mode: action.mode ?? 'bid',
        item: action.item,
        draft: action.draft,
        edited: false,
        pending: false,
        error: null,
        confirm: null,
      });
    case 'bidDraft':
      return unchanged(
        m && m.draft !== action.text ? { ...m, draft: action.text, edited: true, error: null, confirm: null } : modal,
      );
    case 'bidError':
      return unchanged(m ? { ...m, pending: false, error: action.reason, confirm: null } : modal);
    case 'bidConfirm':
      return unchanged(
        m ? { ...m, error: null, confirm: { amount: action.amount, why: action.why, ownLead: action.ownLead } } : modal,
      );
    case 'bidConfirmCancel':
      return unchanged(m?.confirm ? { ...m, confirm: null } : modal);
    case 'bidSent':
    case 'maxBidSent':
      return unchanged(m && same(m.item, action.item) ? { ...m, pending: true, error: null, confirm: null } : modal);
    case 'maxBidResult':
    case 'bidResult': {
      // A late answer is the log's and the status line's: the prompt open now is another bid.
      if (!m || !same(m.item, action.item) || action.late) return unchanged(modal);
      // Unanswered: the prompt goes (Enter again would be a second bid, with a new RQ#); the TUI asks again.
      if (!action.outcome.ok && action.outcome.unanswered) return unchanged(null);
      return unchanged(action.outcome.ok ? null : { ...m, pending: false, error: action.outcome.reason });
    }
    default:
      return unchanged(modal);
  }
}

/** After every action: an untouched bid prompt shows the current minimum; one its auction outlived closes. */
export function followBidPrompt(
  modal: Modal | null,
  _action: Action,
  _now: number,
  s: AuctionState,
): SliceResult<Modal | null> {
  if (modal?.kind !== 'bid' || modal.pending) return unchanged(modal);
  const a = s.auctions.get(modal.item.toLowerCase());
  // Its close is in the log already: the status line says why the prompt went.
  if (!a || a.closed) return result(null, status('muted', `${modal.item} has closed: bidding is over`));
  if (modal.edited) return unchanged(modal);
  const draft = formatMoney(minimumBid(a, s.increments.policy));
  return unchanged(draft === modal.draft ? modal : { ...modal, draft });
}

export const BID_MODEL: WidgetModel<BidTypes> = {
  initial: {},
  slices: {},
  modal: reduceBidPrompt,
  follow: followBidPrompt,
};
