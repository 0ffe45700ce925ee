// The listing form's own types (seller mode, LIST_ITEM): its actions, its kind of the modal slot, the
// listing as sent. Types only, importing nothing of the state but the leaf ServerAnswer.
import type { Cents } from '../../../shared/protocol/index.js';
import type { ServerAnswer } from '../../state/answer.js';

export type ListingField = 'item' | 'description' | 'price' | 'duration';
export type ListingDraft = Record<ListingField, string>;

export interface ListingModal {
  kind: 'list';
  draft: ListingDraft;
  /** The field with the cursor. */
  field: ListingField;
  /** Set by a refused submit: empty fields show their error too from then on. */
  attempted: boolean;
  pending: boolean;
  /** The server's LIST-DENIED reason (or its silence), until the draft changes. */
  error: string | null;
}

/** A listing as sent: LIST_ITEM Item_Name Description Start_Price Duration. */
export interface ListingRequest {
  item: string;
  description: string;
  startPrice: Cents;
  duration: number;
}

export type ListingAction =
  | { type: 'listOpen' }
  /** Tab / Shift-Tab, ↓ / ↑: next or previous field (wraps). */
  | { type: 'listFieldMove'; delta: 1 | -1 }
  | { type: 'listDraft'; field: ListingField; text: string }
  /** Enter with a field still invalid: show every error and put the cursor on the first bad field. */
  | { type: 'listInvalid' }
  | { type: 'listSent'; listing: ListingRequest }
  | { type: 'listResult'; listing: ListingRequest; me: string; outcome: ServerAnswer };

export interface ListTypes {
  action: ListingAction;
  modal: ListingModal;
  slice: Record<never, never>;
}

// Its entry in the widgets' type map (widgets/types.ts), from which state/model.ts builds Action, Modal and
// the state: no line elsewhere names its types.
declare module '../types.js' {
  interface WidgetTypeMap {
    list: ListTypes;
  }
}
