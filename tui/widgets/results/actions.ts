// The recent results' own types: the toggle (`h`, from the market) and its slice, every close seen.
// Not a kind of the modal slot: the list takes the event log's place, whichever widget is shown. Types
// only, importing nothing of the state.
import type { Cents } from '../../../shared/protocol/index.js';

export type ResultsAction = { type: 'resultsToggle' };

export interface AuctionResult {
  id: number;
  item: string;
  /** When the close was seen (local clock). */
  at: number;
  finalPrice: Cents;
  /** Null: nothing sold. */
  winner: string | null;
  /** Known for our own listings. */
  seller: string | null;
  /** Our highest bid on it, if we bid. */
  myBid: Cents | null;
}

export interface ResultsState {
  entries: AuctionResult[];
  /** Whether the results list shows in place of the event log. */
  shown: boolean;
  nextId: number;
}

export interface ResultsSlice {
  /** Recent results of closed auctions, newest first. */
  results: ResultsState;
}

export interface ResultsTypes {
  action: ResultsAction;
  modal: never;
  slice: ResultsSlice;
}

// Its entry in the widgets' type map (widgets/types.ts), from which state/model.ts builds Action, Modal and
// the state: no line elsewhere names its types.
declare module '../types.js' {
  interface WidgetTypeMap {
    results: ResultsTypes;
  }
}
