// The price question's own types (seller mode: the server's NEGOTIATE_REQ): its actions, its prompt in
// the modal slot, and its slice (the questions asked, answered, put aside). Types only, importing
// nothing of the state but the leaf ServerAnswer.
import type { Cents, NegotiateReq } from '../../../shared/protocol/index.js';
import type { ServerAnswer } from '../../state/answer.js';

export type NegotiationChoice = 'accept' | 'refuse';

/** The price question on screen. The request itself is the negotiation slice's; this is what the prompt answers. */
export interface NegotiationModal {
  kind: 'negotiate';
  item: string;
  /** The NEGOTIATE_REQ's RQ#: ACCEPT / REFUSE carry it back. */
  rq: string;
  /** The price the server asked about (Current_Price). */
  price: Cents;
  /** When it appeared (store clock): keys are taken from openedAt + NEGOTIATION_ARM_MS on. */
  openedAt: number;
  /** The new price as typed; prefilled with the suggestion. */
  draft: string;
  edited: boolean;
  pending: NegotiationChoice | null;
  /** A typed price refused before sending, or the server's NEGOTIATE-DENIED reason. */
  error: string | null;
}

/** The one owner of negotiation data: the questions asked, answered, put aside, and when they lapse. */
export interface NegotiationState {
  /** NEGOTIATE_REQs waiting for the seller's answer, by item key. */
  requests: Record<string, NegotiateReq>;
  /** Per item key: the RQ# of the request the seller answered; a late repeat of it is ignored. */
  answered: Record<string, string>;
  /** Per item key: the RQ# of the request the seller put aside (Esc); its repeats do not reopen it. */
  later: Record<string, string>;
  /** Per item key: when the asked auction closes, from the latest request (receivedAt + Time_Left). */
  closesAt: Record<string, number>;
}

export interface NegotiationSlice {
  /** Seller mode: the server's price questions. */
  negotiation: NegotiationState;
}

export type NegotiationAction =
  /** `n`: show a question that was put aside (the given item's, or the first one waiting). */
  | { type: 'negotiateOpen'; item?: string }
  | { type: 'negotiateDraft'; text: string }
  /** The typed price was refused before sending. */
  | { type: 'negotiateError'; reason: string }
  /** Esc: answer later. */
  | { type: 'negotiateLater' }
  | { type: 'negotiateSent'; item: string; rq: string; answer: NegotiationChoice; price: Cents | null }
  | {
      type: 'negotiateResult';
      item: string;
      rq: string;
      answer: NegotiationChoice;
      price: Cents | null;
      outcome: ServerAnswer;
    };

export interface NegotiateTypes {
  action: NegotiationAction;
  modal: NegotiationModal;
  slice: NegotiationSlice;
}

// Its entry in the widgets' type map (widgets/types.ts), from which state/model.ts builds Action, Modal and
// the state: no line elsewhere names its types.
declare module '../types.js' {
  interface WidgetTypeMap {
    negotiate: NegotiateTypes;
  }
}
