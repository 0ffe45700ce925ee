// The selected auction in full: description, seller (if known), prices, leader, close time, a price
// chart and the bid history.
import { Box, Text } from 'ink';
import type { IncrementPolicy } from '../../shared/protocol/increments.js';
import { clock, fit, money, timeLeft } from '../format.js';
import type { Auction } from '../state/model.js';
import { bidCountText, minimumBid, secondsLeft, standing, urgency, type Urgency } from '../state/auction-selectors.js';
import { Panel, panelInnerHeight, panelInnerWidth } from './panel.js';
import { Sparkline } from './sparkline.js';

export interface DetailPaneProps {
  auction: Auction | null;
  now: number;
  me: string | null;
  subscribed: boolean;
  /** Whether this user may bid (shows the minimum next bid as an invitation). */
  canBid: boolean;
  /** The increments in force (the minimum next bid depends on them). */
  policy?: IncrementPolicy;
  width: number;
  height: number;
}

export function DetailPane({
  auction: a,
  now,
  me,
  subscribed,
  canBid,
  policy = 'cent',
  width,
  height,
}: DetailPaneProps) {
  const inner = panelInnerWidth(width);
  const lines = panelInnerHeight(height);
  if (!a) {
    return (
      <Panel title="Detail" width={width} height={height}>
        <Text color="gray">No auction selected.</Text>
      </Panel>
    );
  }
  const st = standing(a, me);
  const left = secondsLeft(a, now);
  const u = urgency(a, now);
  // A label gives up its padding, then its long form (`Min bid` → `Min`), before an amount is cut (a
  // price is never cut: issue 19.9; $1,000,000.00 beside `Min bid` was one column too wide at 80).
  const label = (text: string, value = '', short = text) => {
    const room = inner - Array.from(value).length;
    const shown = text.length + 1 <= room ? text : short;
    return <Text color="gray">{fit(shown, Math.max(shown.length + 1, Math.min(LABEL, room)))}</Text>;
  };
  // What is left of a line after its label: a value's tail is dropped, never cut (issue 19.9).
  const room = inner - LABEL;
  const you = st ? youLines(a, st, room) : [];
  const facts = 5 + (a.seller ? 1 : 0) + you.length + (canBid && !a.closed ? 1 : 0);
  // Short of room (80×24): one line of description, no spacing, no chart; never squeezed (Ink would
  // draw squeezed lines over each other), the panel clips what is left at the bottom.
  const compact = lines < 2 + 1 + facts + 1 + 1 + 1;
  const wrapped = wrapWords(a.description || '(no description)', inner);
  const descLines = wrapped.slice(0, compact ? 1 : 2);
  if (wrapped.length > descLines.length)
    descLines[descLines.length - 1] = fit(`${descLines[descLines.length - 1]} …`, inner).trimEnd();
  const bids = a.history
    .filter((p) => p.kind === 'bid' || p.kind === 'adjusted')
    .slice()
    .reverse();
  const fixedRows = descLines.length + facts + (compact ? 1 : 4);
  const historyRows = Math.max(0, lines - fixedRows);
  const history = bids.slice(0, historyRows);
  const hist = historyColumns(inner, Math.max(0, ...history.map((p) => Array.from(money(p.price)).length)));
  const price = money(a.currentPrice);
  const change = a.startPrice > 0 && a.currentPrice !== a.startPrice ? changeText(a.startPrice, a.currentPrice) : null;
  const startText = money(a.startPrice);
  const minText = money(minimumBid(a, policy));

  return (
    <Panel title={a.item} aside={subscribed ? '★ subscribed' : undefined} width={width} height={height}>
      <Box flexDirection="column" flexShrink={0}>
        {descLines.map((line, i) => (
          <Text key={i} wrap="truncate">
            {line}
          </Text>
        ))}
        {compact ? null : <Text> </Text>}
        {a.seller ? (
          <Text wrap="truncate">
            {label('Seller')}
            {a.seller}
          </Text>
        ) : null}
        <Text wrap="truncate">
          {label(a.fromListing ? 'Start' : 'Seen at', startText, a.fromListing ? 'Start' : 'Seen')}
          {startText}
        </Text>
        <Text wrap="truncate">
          {label('Price', price)}
          <Text bold>{price}</Text>
          {change ? (
            <Text color={change.up ? 'green' : 'red'}>
              {fitChange(change, inner - Math.max(LABEL, 6) - Array.from(price).length)}
            </Text>
          ) : null}
        </Text>
        <Text wrap="truncate">
          {label('Leader')}
          {a.highBidder ?? (a.bidCount > 0 || !a.bidsKnown ? 'unknown' : 'no bids yet')}
        </Text>
        {you.map((l) => (
          <Text key={l.label} wrap="truncate">
            {label(l.label, l.value, l.short)}
            <Text bold={l.bold} color={l.color}>
              {l.value}
            </Text>
            {l.tail ? <Text color="gray">{l.tail}</Text> : null}
          </Text>
        ))}
        <Text wrap="truncate">
          {label('Bids')}
          {bidCountText(a)}
          {a.fromListing || a.bidsKnown ? null : (
            <Text color="gray">{a.bidCount > 0 ? ' seen' : ' (before we looked: unknown)'}</Text>
          )}
        </Text>
        {canBid && !a.closed ? (
          <Text wrap="truncate">
            {label('Min bid', minText, 'Min')}
            <Text color="cyan">{minText}</Text>
          </Text>
        ) : null}
        <Text wrap="truncate">
          {label(a.closed ? 'Closed' : 'Left')}
          {a.closed ? (
            <ClosedText auction={a} room={room} />
          ) : (
            <Text>
              <Text color={u === 'imminent' ? 'red' : u === 'soon' ? 'yellow' : undefined} bold={u !== 'calm'}>
                {timeLeftText(u, left)}
              </Text>
              {Array.from(timeLeftText(u, left)).length + CLOSES.length <= room ? (
                <Text color="gray">
                  {CLOSES}
                  {clock(a.closesAt)}
                </Text>
              ) : null}
            </Text>
          )}
        </Text>
        {compact ? null : <Text> </Text>}
        {compact ? null : (
          <Box>
            <Text color="gray">{fit('Chart', 9)}</Text>
            <Sparkline
              values={a.history.map((p) => p.price)}
              width={Math.max(0, inner - 9)}
              color={a.closed ? 'gray' : 'green'}
            />
          </Box>
        )}
        <Text color="gray" wrap="truncate">
          {bids.length ? 'Bid history' : a.bidCount > 0 ? 'Earlier bids not shown' : 'No bids yet'}
        </Text>
        {history.map((p, i) => (
          <Text key={`${p.at}-${i}`} wrap="truncate">
            {hist.time ? <Text color="gray">{clock(p.at)} </Text> : null}
            <Text color={p.kind === 'adjusted' ? 'yellow' : undefined}>{fit(money(p.price), hist.price, 'right')}</Text>
            <Text> {fit(p.kind === 'adjusted' ? 'price lowered' : (p.bidder ?? '?'), hist.who)}</Text>
          </Text>
        ))}
      </Box>
    </Panel>
  );
}

const LABEL = 9;

/** The change since the start, as the Price line shows it: `▲ 30.6%`. */
function changeText(from: number, to: number): { up: boolean; pct: string } {
  return { up: to > from, pct: `${Math.abs(((to - from) / from) * 100).toFixed(1)}%` };
}

/** `  ▲ 30.6%` where it fits after the price, else the arrow alone: the percentage is dropped, not cut. */
export function fitChange(change: { up: boolean; pct: string }, room: number): string {
  const arrow = change.up ? '▲' : '▼';
  const full = `  ${arrow} ${change.pct}`;
  return Array.from(full).length <= room ? full : room >= 2 ? ` ${arrow}` : '';
}

export interface HistoryColumns {
  /** Whether the time of each bid is shown (a narrow pane drops it before it would cut a price). */
  time: boolean;
  /** The price column: as wide as the widest price shown, never less (issue 19.9: `$125…` no more). */
  price: number;
  /** The bidder's name (cut with …). */
  who: number;
}

const CLOCK = 8; // 23:25:13

/** The bid history's columns in a pane `inner` wide, for prices up to `priceChars` characters. */
export function historyColumns(inner: number, priceChars: number): HistoryColumns {
  const price = Math.max(priceChars, 8);
  const withTime = inner - (CLOCK + 1 + price + 1);
  if (withTime >= 6) return { time: true, price, who: withTime };
  return { time: false, price, who: Math.max(0, inner - price - 1) };
}

function ClosedText({ auction: a, room }: { auction: Auction; room: number }) {
  const c = a.closed!;
  if (!c.known) return <Text color="gray">no longer open</Text>;
  if (!c.winner) return <Text color="gray">no sale</Text>;
  return <Text>{closedSaleText(c.winner, money(c.finalPrice), room)}</Text>;
}

/** `sold to bob at $12.50`, shortened to fit `room` by dropping words, never by cutting the price. */
export function closedSaleText(winner: string, price: string, room: number): string {
  const forms = [`sold to ${winner} at ${price}`, `sold at ${price}`, `sold ${price}`];
  return forms.find((f) => Array.from(f).length <= room) ?? price;
}

const CLOSES = ' · closes ';

const timeLeftText = (u: Urgency, left: number): string => (u === 'imminent' ? `⚠ ${timeLeft(left)}` : timeLeft(left));

export interface YouLine {
  label: string;
  short: string;
  value: string;
  tail?: string;
  bold?: boolean;
  color?: 'green' | 'red' | 'gray';
}

/**
 * The user's standing: `You  lead · max $150.00` on one line where it fits in `room` (the width after
 * the label), else the amount on a line of its own (`Your max  $150.00`): at 80 columns the pane is 20
 * wide and the one-line form was cut mid-word ("You lead · you…").
 */
export function youLines(a: Auction, st: 'leading' | 'outbid', room: number): YouLine[] {
  const word = st === 'leading' ? 'lead' : 'outbid';
  const color = st === 'leading' ? 'green' : 'red';
  const mine = a.myMax
    ? {
        label: 'Your max',
        short: 'Max',
        value: money(a.myMax),
        joined: st === 'leading' ? ' · max ' : ' · your maximum ',
      }
    : a.myBid !== null
      ? { label: 'Your bid', short: 'Mine', value: money(a.myBid), joined: ' · your bid ' }
      : null;
  const you: YouLine = { label: 'You', short: 'You', value: word, bold: true, color };
  if (!mine) return [you];
  const tail = `${mine.joined}${mine.value}`;
  if (word.length + Array.from(tail).length <= room) {
    // Leading with a maximum reads as one phrase in bold; the rest is a gray aside.
    return st === 'leading' && a.myMax ? [{ ...you, value: `${word}${tail}` }] : [{ ...you, tail }];
  }
  return [you, { label: mine.label, short: mine.short, value: mine.value, color: 'gray' }];
}

/** Greedy word wrap to `width` columns (long words are cut). */
export function wrapWords(text: string, width: number): string[] {
  if (width <= 0) return [];
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const w = word.length > width ? `${word.slice(0, width - 1)}…` : word;
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      out.push(line);
      line = w;
    }
  }
  if (line) out.push(line);
  return out;
}
