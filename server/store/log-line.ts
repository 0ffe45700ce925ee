// One line of the change log (PROTOCOL.md §8; log-store.ts): a change with its sequence number, and the
// reply memo that rides with it (§3), if any. Written as a JSON array, positional so that a bid — nearly
// every line under a storm — carries no field names:
//   [seq,"b",auctionId,bidder,cents,at,closesAt|0,changeRq|0(,memo)]   a plain bid
//   [seq,"m"(,memo)]                                                   a memo record of its own
//   [seq,{…change…}(,memo)]                                            any other change
// and the memo as [key,at−base,text…], base being the change's own `at` (0 for a change without one),
// so a memo taken in the same millisecond as its bid costs one digit of time. A bid's line went from
// ~210 B (`{"s":…,"c":{"t":"bid","auctionId":…},"m":{"k":…,"a":…,"r":[…]}}`) to ~120 B, and it is
// built with a few string concatenations instead of a JSON.stringify of the change.
// The older object lines (`{"s":…,"c":…,"m":…}`) are still read: a log written before is replayed as is.
import type { Change } from '../state/changes.js';
import type { ReplyMemo } from './store.js';

export interface LogEntry {
  s: number;
  c: Change;
  m?: ReplyMemo;
}

/** The time a memo's `at` is stored relative to in this change's line. */
export function memoBase(c: Change): number {
  return 'at' in c && typeof c.at === 'number' && Number.isSafeInteger(c.at) ? c.at : 0;
}

const posInt = (x: number | undefined): boolean => x === undefined || (Number.isSafeInteger(x) && x > 0);

/** Whether a bid round-trips through the positional form (0 stands for an absent closesAt/changeRq). */
function positional(c: Extract<Change, { t: 'bid' }>): boolean {
  return Number.isSafeInteger(c.cents) && Number.isSafeInteger(c.at) && posInt(c.closesAt) && posInt(c.changeRq);
}

/** The line of a change, left open (no closing `]`): a memo may still be appended with `encodeMemo`. */
export function encodeChangeOpen(seq: number, c: Change): string {
  if (c.t === 'bid' && positional(c)) {
    return `[${seq},"b",${JSON.stringify(c.auctionId)},${JSON.stringify(c.bidder)},${c.cents},${c.at},${c.closesAt ?? 0},${c.changeRq ?? 0}`;
  }
  if (c.t === 'memo') return `[${seq},"m"`;
  return `[${seq},${JSON.stringify(c)}`;
}

/** `,[key,at−base,text…]`, to append to an open line whose change has this base (memoBase). */
export function encodeMemo(m: ReplyMemo, base: number): string {
  let out = `,[${JSON.stringify(m.key)},${m.at - base}`;
  for (const t of m.texts) out += `,${JSON.stringify(t)}`;
  return `${out}]`;
}

/** Closes an open line. */
export const CLOSE = ']';

const isStr = (x: unknown): x is string => typeof x === 'string';
const isInt = (x: unknown): x is number => Number.isSafeInteger(x);

function decodeMemo(raw: unknown, base: number): ReplyMemo | undefined {
  if (!Array.isArray(raw) || !isStr(raw[0]) || !isInt(raw[1])) return undefined;
  return { key: raw[0], at: base + raw[1], texts: raw.slice(2).filter(isStr) };
}

/** A decoded line, or a reason it is not a change record (the caller names the file and line). */
export function decodeLine(line: string): LogEntry | string {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return 'is not valid JSON';
  }
  if (Array.isArray(raw)) {
    const [s, kind] = raw as unknown[];
    if (!isInt(s)) return 'is not a change record';
    if (kind === 'b') {
      const [, , auctionId, bidder, cents, at, closesAt, changeRq] = raw as unknown[];
      if (!isStr(auctionId) || !isStr(bidder) || !isInt(cents) || !isInt(at) || !isInt(closesAt) || !isInt(changeRq))
        return 'is not a change record';
      const c: Change = { t: 'bid', auctionId, bidder, cents, at };
      if (closesAt !== 0) c.closesAt = closesAt;
      if (changeRq !== 0) c.changeRq = changeRq;
      return { s, c, m: decodeMemo(raw[8], at) };
    }
    if (kind === 'm') return { s, c: { t: 'memo' }, m: decodeMemo(raw[2], 0) };
    const c = kind as Change | null;
    if (typeof c !== 'object' || c === null || typeof c.t !== 'string') return 'is not a change record';
    return { s, c, m: decodeMemo(raw[2], memoBase(c)) };
  }
  // The older object form.
  const e = raw as { s?: unknown; c?: { t?: unknown }; m?: { k?: unknown; a?: unknown; r?: unknown } } | null;
  if (!e || !isInt(e.s) || typeof e.c?.t !== 'string') return 'is not a change record';
  const m = e.m;
  const memo =
    m && isStr(m.k) && Number.isFinite(m.a) && Array.isArray(m.r)
      ? { key: m.k, at: m.a as number, texts: (m.r as unknown[]).filter(isStr) }
      : undefined;
  return { s: e.s, c: e.c as Change, m: memo };
}

/**
 * A plain bid's line, matched without JSON.parse of the change: on a restart inside the reply window
 * the segments kept for their memos are replayed only for the memos (the snapshot has the bids), and
 * parsing 300,000 whole lines was most of that restart. Groups: seq, at, the memo (`[key,Δat,text…]`).
 */
const BID_LINE = /^\[(\d+),"b","(?:[^"\\]|\\.)*","(?:[^"\\]|\\.)*",-?\d+,(\d+),\d+,\d+(?:,(\[.*\]))?\]$/;

/**
 * The sequence number and memo of a line, if it is a plain bid's (a memo that is not valid JSON is
 * left to decodeLine, which names it); undefined for any other line.
 */
export function decodeBidMemo(line: string): { s: number; m: ReplyMemo | undefined } | undefined {
  const g = BID_LINE.exec(line);
  if (!g) return undefined;
  if (g[3] === undefined) return { s: Number(g[1]), m: undefined };
  let raw: unknown;
  try {
    raw = JSON.parse(g[3]);
  } catch {
    return undefined;
  }
  return { s: Number(g[1]), m: decodeMemo(raw, Number(g[2])) };
}
