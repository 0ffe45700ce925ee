// The checkout pane's own types (PROTOCOL.md §7): its actions and its slice, the conversations after
// a close. Not a kind of the modal slot: the pane shows when no prompt is open. Types only, importing
// nothing of the state but the leaf ServerAnswer. (checkoutOpened / checkoutEnded come from the
// client core with the network's other events: state/model.ts.)
import type { Cancel, Cents, InformReq, PurchaseComplete, ShippingInfo } from '../../../shared/protocol/index.js';
import type { ServerAnswer } from '../../state/answer.js';

export type CheckoutPhase =
  /** WINNER / SOLD arrived, the INFORM_Req not yet (the form can be filled in already). */
  | 'opening'
  /** INFORM_Req arrived: waiting for the user's details. */
  | 'form'
  | 'sending'
  /** INFORM_Res written: waiting for PURCHASE_COMPLETE / Shipping_Info / CANCEL. */
  | 'sent'
  | 'complete'
  | 'shipping'
  | 'cancelled'
  /** NON_OFFER: nothing sold. */
  | 'unsold'
  /** The connection ended before an outcome arrived. */
  | 'lost';

/** What a relist sends (LIST_ITEM); null fields are unknown and asked for. */
export interface ListingTemplate {
  item: string;
  description: string | null;
  startPrice: Cents | null;
  durationS: number | null;
}

export type RelistState =
  | { state: 'idle' }
  /** Some of name/description/price/duration are unknown: the pane asks for them. */
  | { state: 'asking'; error: string | null }
  | { state: 'sending' }
  | { state: 'done' }
  | { state: 'failed'; reason: string };

export interface CheckoutStep {
  at: number;
  dir: 'in' | 'out' | 'note';
  text: string;
}

export interface Checkout {
  /** The CheckoutSession's id (changes if the server reconnects for the same closure). */
  id: string;
  /** Stable per closure: the server's RQ# and the item (a reconnection repeats both). */
  key: string;
  role: 'buyer' | 'seller';
  item: string;
  finalPrice: Cents | null;
  /** The seller (for the winner) or the buyer (for the seller). */
  counterpart: string | null;
  openedAt: number;
  /** When the INFORM_Req arrived; the countdown is counted from here. */
  askedAt: number | null;
  deadline: number | null;
  phase: CheckoutPhase;
  connected: boolean;
  /** Last four digits of the card sent, for the confirmation; never more. */
  cardLast4: string | null;
  /** Why the last send failed (local check or the connection). */
  error: string | null;
  /** Shipping_Info: the buyer and where to ship; CANCEL: the reason. */
  shipTo: { buyer: string; address: string } | null;
  reason: string | null;
  relist: RelistState;
  listing: ListingTemplate | null;
  dismissed: boolean;
  /** The conversation so far, for the pane (never a card number: last four only). */
  steps: CheckoutStep[];
}

export interface CheckoutState {
  /** Conversations in arrival order; the pane shows the first live one not dismissed, then the finished ones. */
  entries: Checkout[];
  /** The pane is on screen (it takes the keyboard when no other prompt is open). */
  visible: boolean;
  /** A checkout arrived while another prompt was open: show the pane as soon as that prompt closes. */
  wantOpen: boolean;
  informTimeoutS: number;
  /** Whether informTimeoutS came from the user (--inform-timeout) or is the server's default, an estimate. */
  timeoutKnown: boolean;
  /** The address remembered in the profile (prefills the form). */
  address: string | null;
  /** First sight of each listing (its AUCTION_ANNOUNCE), for relisting after NON_OFFER. */
  listings: Record<string, ListingTemplate>;
}

export interface CheckoutSlice {
  /** The checkout pane's conversations. */
  checkout: CheckoutState;
}

type FollowUp = InformReq | PurchaseComplete | ShippingInfo | Cancel;

export type CheckoutAction =
  /** A message after the opening on a checkout connection. */
  | { type: 'checkoutMessage'; id: string; msg: FollowUp }
  /** `c`: show the pane again. */
  | { type: 'checkoutShow' }
  /** Esc on a checkout still waiting for an answer: minimize (the header badge keeps it in sight). */
  | { type: 'checkoutHide' }
  /** Enter / Esc on a finished checkout: done with it. */
  | { type: 'checkoutDismiss'; id: string }
  /** The form's details failed a local check (Luhn, expiry, …): nothing was sent. */
  | { type: 'checkoutFormError'; id: string; reason: string }
  | { type: 'checkoutSending'; id: string; last4: string }
  | { type: 'checkoutSendResult'; id: string; outcome: ServerAnswer }
  | { type: 'relistAsk'; id: string }
  | { type: 'relistError'; id: string; reason: string }
  /** Startup: the server's --inform-timeout if the user told us, and the remembered address. */
  | { type: 'checkoutConfig'; informTimeoutS?: number; address?: string | null };

export interface CheckoutTypes {
  action: CheckoutAction;
  modal: never;
  slice: CheckoutSlice;
}

// Its entry in the widgets' type map (widgets/types.ts), from which state/model.ts builds Action, Modal and
// the state: no line elsewhere names its types.
declare module '../types.js' {
  interface WidgetTypeMap {
    checkout: CheckoutTypes;
  }
}
