// The bid prompt's own types: its actions, its kind of the modal slot (a bid or a maximum being typed).
// Types only, importing nothing of the state. (bidSent / bidResult and the MAX_BID pair are requests'
// lifecycles, the auctions' too: they stay in state/model.ts.)
import type { Cents } from '../../../shared/protocol/index.js';

export type BidAction =
  | { type: 'bidOpen'; item: string; draft: string; mode?: 'bid' | 'max' }
  | { type: 'bidDraft'; text: string }
  /** The amount typed was refused before sending (not a valid amount, below the minimum). */
  | { type: 'bidError'; reason: string }
  /** A large amount: ask for a second key before sending it. */
  | { type: 'bidConfirm'; amount: Cents; why: string; ownLead?: boolean }
  /** n / Esc on that question: back to editing the amount. */
  | { type: 'bidConfirmCancel' };

export interface BidModal {
  kind: 'bid';
  /** A plain bid (BID), or a maximum the server bids up to for us (MAX_BID, `m`). */
  mode: 'bid' | 'max';
  item: string;
  draft: string;
  /** Until the user edits the amount, it follows the minimum next bid as bids land. */
  edited: boolean;
  pending: boolean;
  error: string | null;
  /**
   * A large amount waits for a second key (y) before it is sent; why it asks. `ownLead`: `+` on an
   * auction we lead asks before raising our own bid (issue 19.3); any key but y closes that question.
   */
  confirm: { amount: Cents; why: string; ownLead?: boolean } | null;
}

export interface BidTypes {
  action: BidAction;
  modal: BidModal;
  slice: Record<never, never>;
}

// Its entry in the widgets' type map (widgets/types.ts), from which state/model.ts builds Action, Modal and
// the state: no line elsewhere names its types.
declare module '../types.js' {
  interface WidgetTypeMap {
    bid: BidTypes;
  }
}
