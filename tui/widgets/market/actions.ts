// The market's own types: moving the selection, the sort order and the view of the table, and its
// slices (which auction is selected, how the table is ordered and which auctions it shows). Types
// only, importing nothing of the state. (Subscriptions ★ are the session's, kept by the profile.)

/** What the table is sorted by (`o` cycles it). */
export type SortBy = 'ending' | 'price' | 'bids' | 'name';
/** The order of the table: a SortBy, or (`O`) the same reversed. */
export type SortKey = SortBy | `${SortBy}-reversed`;
/** Which auctions the table shows (1–4). */
export type TableView = 'all' | 'watch' | 'mine' | 'won';

export type MarketAction =
  /** Move the selection by rows (±Infinity: to the ends); `wrap` (n / N, the next / previous match) goes round. */
  | { type: 'select'; delta: number; wrap?: boolean }
  | { type: 'selectItem'; item: string }
  /** `o`: the next sort order; `O`: the same order reversed; 1–4: a view. */
  | { type: 'sortNext' }
  | { type: 'sortReverse' }
  | { type: 'viewSet'; view: TableView };

export interface MarketSlice {
  /** Key of the selected auction: kept on a row of the table (tableRows), following it by key, not index. */
  selected: string | null;
  /** The user chose the selection (moved, opened a prompt on it, listed it): it is never moved for them. */
  selectionChosen: boolean;
  sort: SortKey;
  view: TableView;
}

export interface MarketTypes {
  action: MarketAction;
  modal: never;
  slice: MarketSlice;
}

// Its entry in the widgets' type map (widgets/types.ts), from which state/model.ts builds Action, Modal and
// the state: no line elsewhere names its types.
declare module '../types.js' {
  interface WidgetTypeMap {
    market: MarketTypes;
  }
}
