// The auctions of the view (all, ★ watchlist, my bids, my wins) in the sort order (ending soonest,
// price, bids, name — both in the title): item, price, high bidder, bids, time left (⚠ under ten
// seconds, so urgency shows without colour too), your standing (a seller's own listings say "yours",
// then sold / unsold); on a wide terminal the description too.
import { Text } from 'ink';
import { fit, money, timeLeft } from '../format.js';
import type { Auction } from '../state/model.js';
import type { SortKey, TableView } from '../widgets/market/actions.js';
import { bidCountText, isHighlighted, isMine, secondsLeft, standing, urgency } from '../state/auction-selectors.js';
import { SORT_LABEL, VIEW_LABEL } from '../state/table-selectors.js';
import type { Standing } from '../state/auction-selectors.js';
import { useTheme } from './theme.js';
import { Panel, panelInnerHeight, panelInnerWidth, panelTitleFits } from './panel.js';
import { matchCount } from '../widgets/filter/selectors.js';
import { leadWithMax, tableColumns } from './table-columns.js';
import type { Columns } from './table-columns.js';

export interface AuctionTableProps {
  rows: Auction[];
  selectedKey: string | null;
  now: number;
  me: string | null;
  subscriptions: readonly string[];
  subscribing: readonly string[];
  filter: string;
  sort: SortKey;
  view: TableView;
  width: number;
  height: number;
  active: boolean;
  /** Shown instead of rows when there are none (connecting, no auctions, nothing matches). */
  emptyText: string;
  /** The data may be stale (server unreachable). */
  stale: boolean;
  /** A large catalog arriving page by page: `3,200 of 10,000`, shown in the title instead of the count. */
  loading?: string | null;
}

/** The first row shown so the selected row stays in view (kept near the middle when scrolling). */
export function scrollOffset(selected: number, count: number, visible: number): number {
  if (count <= visible || selected < 0) return 0;
  return Math.max(0, Math.min(selected - Math.floor(visible / 2), count - visible));
}

export function AuctionTable(props: AuctionTableProps) {
  const { rows, selectedKey, now, width, height, active, filter, sort, view } = props;
  const inner = panelInnerWidth(width);
  const cols = tableColumns(inner, { withStanding: props.me !== null, ...widest(rows) });
  const youText = (a: Auction) => youLabel(a, props.me, cols.standing);
  const bodyRows = Math.max(1, panelInnerHeight(height) - 1);
  const selectedIndex = rows.findIndex((r) => r.key === selectedKey);
  const offset = scrollOffset(selectedIndex, rows.length, bodyRows);
  const shown = rows.slice(offset, offset + bodyRows);
  const open = rows.filter((r) => !r.closed).length;
  const what = view === 'all' ? 'Auctions' : VIEW_LABEL[view];

  // With a filter the count is of the rows shown, as the filter prompt says it (matchCount).
  const count = filter ? matchCount(rows.length) : `${open} open`;
  const of = filter ? matchCount(rows.length) : String(rows.length);
  const range = rows.length > bodyRows ? `${offset + 1}–${offset + shown.length} of ${of}` : count;
  const counted = props.loading ? `loading ${props.loading}` : range;
  const aside = props.stale ? `${counted} · STALE` : counted;
  // The title and the count share the top border: with a filter on, the sort gives way first (the
  // footer says it too) so the filter stays whole (at 80 columns it ran over the border).
  const sorted = `${what} · ${SORT_LABEL[sort]}`;
  const full = filter ? `${sorted} · filter "${filter}"` : sorted;
  const title = !filter || panelTitleFits(full, aside, width) ? full : `${what} · filter "${filter}"`;

  return (
    <Panel title={title} aside={aside} width={width} height={height} active={active}>
      <Text color="gray" wrap="truncate">
        {'   '}
        {fit('ITEM', cols.item)}
        {` ${fit('PRICE ', cols.price, 'right')}`}
        {` ${fit(cols.bidder >= 11 ? 'HIGH BIDDER' : 'BIDDER', cols.bidder)}`}
        {` ${fit('BIDS', cols.bids, 'right')}`}
        {` ${fit('LEFT', cols.left, 'right')}`}
        {cols.standing ? ` ${fit('YOU', cols.standing)}` : ''}
        {cols.description ? `  ${fit('DESCRIPTION', cols.description)}` : ''}
      </Text>
      {shown.length === 0 ? <Text color="gray" wrap="truncate">{`   ${props.emptyText}`}</Text> : null}
      {shown.map((a) => (
        <AuctionRow
          key={a.key}
          auction={a}
          cols={cols}
          now={now}
          selected={a.key === selectedKey}
          subscribed={props.subscriptions.includes(a.key)}
          subscribing={props.subscribing.includes(a.key)}
          standing={standing(a, props.me)}
          you={youText(a)}
          stale={props.stale}
        />
      ))}
    </Panel>
  );
}

interface RowProps {
  auction: Auction;
  cols: Columns;
  now: number;
  selected: boolean;
  subscribed: boolean;
  subscribing: boolean;
  standing: Standing;
  /** What the YOU column says. */
  you: string;
  stale: boolean;
}

/**
 * The widest price cell (its arrow slot included) and bid count among all the rows, not only those in
 * view, so scrolling never moves a column. One pass over numbers: the longest money text is the
 * largest amount's.
 */
function widest(rows: readonly Auction[]): { priceChars: number; bidsChars: number } {
  let price = 0;
  let bids = 0;
  for (const a of rows) {
    if (a.currentPrice > price) price = a.currentPrice;
    if (a.bidCount > bids) bids = a.bidCount;
  }
  return { priceChars: Array.from(money(price)).length + 1, bidsChars: String(bids).length };
}

/**
 * The YOU column: "you lead" (with a maximum: "you lead · max $X", or "max $X", as `width` allows) /
 * "outbid"; a seller's own listing "yours", then sold / unsold; won / lost once closed.
 */
export function youLabel(a: Auction, me: string | null, width: number): string {
  if (isMine(a, me)) return sellerStanding(a);
  const st = standing(a, me);
  const closed = closedStanding(a, st);
  if (closed !== null) return closed;
  if (st === 'leading' && a.myMax) return leadWithMax(money(a.myMax), width);
  return st === 'leading' ? 'you lead' : st === 'outbid' ? 'outbid' : '';
}

const ARROW = { up: '▲', down: '▼', new: '•' } as const;
const FLASH_COLOR = { up: 'green', down: 'red', new: 'cyan' } as const;
const URGENCY_COLOR = { calm: undefined, soon: 'yellow', imminent: 'red', closed: 'gray' } as const;

/** The text the row starts with: the selection pointer, then the subscription mark. Exported for the benchmark. */
export function rowLead(selected: boolean, subscribed: boolean, subscribing: boolean): string {
  return `${selected ? '▶' : ' '}${subscribing ? '…' : subscribed ? '★' : ' '} `;
}

function AuctionRow({ auction: a, cols, now, selected, subscribed, subscribing, you, stale }: RowProps) {
  const { color } = useTheme();
  const flash = isHighlighted(a, now) && !a.closed;
  const closed = a.closed !== null;
  const u = urgency(a, now);
  const left = closed ? 'closed' : `${u === 'imminent' ? '⚠ ' : ''}${timeLeft(secondsLeft(a, now))}`;
  const arrow = flash ? ARROW[a.change ?? 'up'] : ' ';
  const priceText = `${money(a.currentPrice)}${arrow}`;
  const priceColor = flash ? FLASH_COLOR[a.change ?? 'up'] : undefined;
  const bidder = a.highBidder ?? (a.bidCount > 0 || !a.bidsKnown ? '?' : '—');
  const youColor =
    you.startsWith('you lead') || you.startsWith('max ') || you === 'won'
      ? 'green'
      : you === 'outbid' || you === 'lost'
        ? 'red'
        : you === 'yours' || you === 'sold'
          ? 'cyan'
          : you === 'unsold'
            ? 'yellow'
            : 'gray';
  return (
    <Text
      wrap="truncate"
      backgroundColor={selected ? 'gray' : undefined}
      inverse={selected && !color}
      dimColor={(closed || stale) && !selected}
      bold={flash}
    >
      <Text color={selected ? 'cyanBright' : undefined}>{rowLead(selected, subscribed, subscribing).slice(0, 1)}</Text>
      <Text color="yellow">{rowLead(selected, subscribed, subscribing).slice(1)}</Text>
      <Text>{fit(a.item, cols.item)} </Text>
      <Text color={priceColor} inverse={flash}>
        {fit(priceText, cols.price, 'right')}
      </Text>
      <Text>{` ${fit(bidder, cols.bidder)}`}</Text>
      <Text>{` ${fit(bidCountText(a), cols.bids, 'right')} `}</Text>
      <Text color={URGENCY_COLOR[u]} bold={u === 'imminent'}>
        {fit(left, cols.left, 'right')}
      </Text>
      {cols.standing ? (
        <Text color={youColor} bold={you !== ''}>
          {` ${fit(you, cols.standing)}`}
        </Text>
      ) : null}
      {cols.description ? <Text color="gray">{`  ${fit(a.description, cols.description)}`}</Text> : null}
    </Text>
  );
}

/** The YOU column of our own listing: yours while open, then sold / unsold. */
function sellerStanding(a: Auction): string {
  if (!a.closed) return 'yours';
  if (!a.closed.known) return 'closed';
  return a.closed.winner ? 'sold' : 'unsold';
}

function closedStanding(a: Auction, st: Standing): string | null {
  if (!a.closed) return null;
  if (st === 'leading') return 'won';
  if (a.myBid !== null) return 'lost';
  return '';
}
