// The market's slices: which row is selected (following the auction, never the row index), whether the
// user chose it, how the table is sorted and which auctions it shows.
import { clamp, result, status, unchanged } from '../../state/helpers.js';
import type { Action, AuctionState, SliceResult } from '../../state/model.js';
import { SORT_LABEL, selectedAuction, tableRows } from '../../state/table-selectors.js';
import type { WidgetModel } from '../widget.js';
import type { MarketTypes, SortBy, SortKey, TableView } from './actions.js';

export function reduceSelected(
  selected: string | null,
  action: Action,
  _now: number,
  s: AuctionState,
): SliceResult<string | null> {
  switch (action.type) {
    case 'select': {
      const list = tableRows(s).map((a) => a.key);
      if (list.length === 0) return unchanged(selected);
      const shown = selectedAuction(s);
      const from = shown ? list.indexOf(shown.key) : 0;
      if (action.wrap) return unchanged(list[(((from + action.delta) % list.length) + list.length) % list.length]);
      return unchanged(list[clamp(from + action.delta, 0, list.length - 1)]);
    }
    case 'selectItem':
      return unchanged(action.item.toLowerCase());
    case 'listResult':
      // Our new listing is selected, so the detail pane shows it.
      return unchanged(action.outcome.ok ? action.listing.item.toLowerCase() : selected);
    case 'catalog':
      // A catalog page (the first load, a resync) before the user chose: the top row, not whichever
      // auction happened to be announced first. Live arrivals never move the selection.
      if (!s.selectionChosen) return unchanged(tableRows(s)[0]?.key ?? selected);
      return unchanged(following(selected, s));
    default:
      return unchanged(following(selected, s));
  }
}

/** Whether the user chose the selection (reduceSelected leaves a chosen one where it is). */
export function reduceSelectionChosen(
  chosen: boolean,
  action: Action,
  _now: number,
  s: AuctionState,
): SliceResult<boolean> {
  if (chosen) return unchanged(chosen);
  // A move among no rows chooses nothing (and changes no state).
  if (action.type === 'select') return unchanged(tableRows(s).length > 0);
  return unchanged(action.type === 'selectItem' || (action.type === 'listResult' && action.outcome.ok));
}

/**
 * The selection follows the auction, never the row index (issue 19.2): a key that is in the table
 * stays, whatever arrives, closes or re-sorts around it (a closed one stays, shown closed, until the
 * user moves: tableRows). Only when there is none yet, or the filter or view hid it, does it become
 * the first row, so that the highlighted row is the one the next key acts on even as rows arrive above.
 */
function following(selected: string | null, s: AuctionState): string | null {
  const rows = tableRows(s);
  if (rows.length === 0) return selected;
  const a = selected === null ? undefined : s.auctions.get(selected);
  if (a && rows.includes(a)) return selected;
  return rows[0].key;
}

export const SORT_ORDER: readonly SortBy[] = ['ending', 'price', 'bids', 'name'];

/** What a sort order sorts by, and whether it is reversed. */
export function sortParts(sort: SortKey): { by: SortBy; reversed: boolean } {
  const reversed = sort.endsWith('-reversed');
  return { by: (reversed ? sort.slice(0, -'-reversed'.length) : sort) as SortBy, reversed };
}

/**
 * `o` moves to the next thing to sort by, in its usual direction; `O` reverses the order in force. The
 * selection stays on its auction either way (reduceSelected follows the key, not the row).
 */
export function reduceSort(sort: SortKey, action: Action): SliceResult<SortKey> {
  let next: SortKey;
  if (action.type === 'sortNext') {
    const { by } = sortParts(sort);
    next = SORT_ORDER[(SORT_ORDER.indexOf(by) + 1) % SORT_ORDER.length];
  } else if (action.type === 'sortReverse') {
    const { by, reversed } = sortParts(sort);
    next = reversed ? by : `${by}-reversed`;
  } else return unchanged(sort);
  return result(next, status('muted', `Sorted by ${SORT_LABEL[next]}`));
}

export function reduceView(view: TableView, action: Action): SliceResult<TableView> {
  if (action.type !== 'viewSet' || action.view === view) return unchanged(view);
  return unchanged(action.view);
}

/**
 * Last of the widgets: the selection follows the filter and the view of the same step (its slices
 * run after the filter's), so a new filter moves it onto a row it shows.
 */
export const MARKET_MODEL: WidgetModel<MarketTypes> = {
  initial: { selected: null, selectionChosen: false, sort: 'ending', view: 'all' },
  slices: { sort: reduceSort, view: reduceView, selected: reduceSelected, selectionChosen: reduceSelectionChosen },
};
