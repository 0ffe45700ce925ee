// One line of the change log (PROTOCOL.md §8; log-store.ts): a change with its sequence number, and the
// reply memo that rides with it (§3), if any. A plain bid — nearly every line under a storm — is a line of
// space-separated words, with no field names, quotes or brackets:
//   b<seq> auctionId bidder cents at closesAt|0 changeRq|0                  a bid without a memo
//   … changeRq|0 digest Δat rq                                             with the usual memo
//   … changeRq|0 [key,Δat,text…]                                           with any other memo
// The usual memo is a BID's own (outbox.ts memoKey): key `digest bidder` and the one reply
// `BID_ACCEPTED rq`, so only the digest, the time after the bid's and the RQ# are written. Any other
// change is a JSON array:
//   [seq,"m"(,memo)]                                                   a memo record of its own
//   [seq,{…change…}(,memo)]                                            any other change
// and the memo as [key,at−base,text…], base being the change's own `at` (0 for a change without one).
// A bid's line with its memo went from ~210 B (`{"s":…,"c":{"t":"bid",…},"m":{"k":…,"a":…,"r":[…]}}`)
// to ~116 B (`[seq,"b",…,["digest bidder",0,"BID_ACCEPTED rq"]]`) to ~86 B, and it is read without
// JSON.parse: a restart inside the reply window reads 300,000 of them for their memos.
// Both older forms are still read: a log written by an earlier version is replayed as is.
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
/** A word of a bid line: printable ASCII without a space (auction ids, names and RQ#s are). */
const WORD = /^[!-~]+$/;
/** A whole number as the words of a bid line write it (no sign but `-`, no exponent, no spaces). */
const INT = /^-?\d{1,16}$/;
const DIGEST = /^[A-Za-z0-9_-]{22}$/;
const ACCEPTED = 'BID_ACCEPTED ';

/** Whether a bid is written as a line of words (0 stands for an absent closesAt/changeRq). */
function wordy(c: Extract<Change, { t: 'bid' }>): boolean {
  return (
    Number.isSafeInteger(c.cents) &&
    Number.isSafeInteger(c.at) &&
    posInt(c.closesAt) &&
    posInt(c.changeRq) &&
    WORD.test(c.auctionId) &&
    WORD.test(c.bidder)
  );
}

/** A change's line, without its memo: add one with `withMemo`. */
export function encodeChange(seq: number, c: Change): string {
  if (c.t === 'bid' && wordy(c)) {
    return `b${seq} ${c.auctionId} ${c.bidder} ${c.cents} ${c.at} ${c.closesAt ?? 0} ${c.changeRq ?? 0}`;
  }
  if (c.t === 'memo') return `[${seq},"m"]`;
  return `[${seq},${JSON.stringify(c)}]`;
}

/** `[key,at−base,text…]` */
function memoJson(m: ReplyMemo, base: number): string {
  let out = `[${JSON.stringify(m.key)},${m.at - base}`;
  for (const t of m.texts) out += `,${JSON.stringify(t)}`;
  return `${out}]`;
}

/** The line of a change (encodeChange) with this memo; `base` is the change's memoBase. */
export function withMemo(line: string, m: ReplyMemo, base: number): string {
  if (line.charCodeAt(0) !== 0x5b /* [ */) {
    // A bid's line of words: the usual memo as three words, any other as JSON.
    const t = m.texts.length === 1 ? m.texts[0] : '';
    // The bidder is the line's third word: the key's account must be it (compared in place).
    const from = line.indexOf(' ', line.indexOf(' ') + 1) + 1;
    const n = m.key.length - 23;
    if (
      m.key.charCodeAt(22) === 0x20 &&
      n > 0 &&
      m.key.indexOf(' ', 23) < 0 &&
      line.charCodeAt(from + n) === 0x20 &&
      line.startsWith(m.key.slice(23), from) &&
      t.startsWith(ACCEPTED) &&
      WORD.test(t.slice(ACCEPTED.length)) &&
      Number.isSafeInteger(m.at) &&
      DIGEST.test(m.key.slice(0, 22))
    ) {
      return `${line} ${m.key.slice(0, 22)} ${m.at - base} ${t.slice(ACCEPTED.length)}`;
    }
    return `${line} ${memoJson(m, base)}`;
  }
  return `${line.slice(0, -1)},${memoJson(m, base)}]`;
}

const isStr = (x: unknown): x is string => typeof x === 'string';
const isInt = (x: unknown): x is number => Number.isSafeInteger(x);

function decodeMemo(raw: unknown, base: number): ReplyMemo | undefined {
  if (!Array.isArray(raw) || !isStr(raw[0]) || !isInt(raw[1])) return undefined;
  return { key: raw[0], at: base + raw[1], texts: raw.slice(2).filter(isStr) };
}

const NOT_A_RECORD = 'is not a change record';

/** The words of a bid line, checked; a reason if they are not one. */
function bidWords(line: string): string[] | string {
  const w = line.split(' ', 7);
  if (w.length < 7 || !INT.test(w[0].slice(1))) return NOT_A_RECORD;
  for (let i = 3; i < 7; i++) if (!INT.test(w[i])) return NOT_A_RECORD;
  return w;
}

/** Where the memo of a bid line starts (after its seventh word), or -1 if it has none. */
function memoStart(line: string): number {
  let at = -1;
  for (let i = 0; i < 7; i++) {
    at = line.indexOf(' ', at + 1);
    if (at < 0) return -1;
  }
  return at + 1;
}

/**
 * The memo of a bid line whose words are `w` (bidWords) and whose time is `at`, to `sink`; false if it
 * is damaged. The usual memo goes over as its parts, so the sink builds no key or text it does not keep.
 */
function bidMemo(
  line: string,
  w: string[],
  at: number,
  sink: (key: string, at: number, texts: readonly string[]) => void,
): boolean {
  const from = memoStart(line);
  if (from < 0) return true; // none
  if (line.charCodeAt(from) === 0x5b /* [ */) {
    let raw: unknown;
    try {
      raw = JSON.parse(line.slice(from));
    } catch {
      return false;
    }
    const m = decodeMemo(raw, at);
    if (!m) return false;
    sink(m.key, m.at, m.texts);
    return true;
  }
  const rest = line.slice(from).split(' ');
  if (rest.length !== 3 || !DIGEST.test(rest[0]) || !INT.test(rest[1]) || !WORD.test(rest[2])) return false;
  sink(`${rest[0]} ${w[2]}`, at + Number(rest[1]), [ACCEPTED + rest[2]]);
  return true;
}

/** A decoded line, or a reason it is not a change record (the caller names the file and line). */
export function decodeLine(line: string): LogEntry | string {
  if (line.charCodeAt(0) === 0x62 /* b */) {
    const w = bidWords(line);
    if (typeof w === 'string') return w;
    const at = Number(w[4]);
    const c: Change = { t: 'bid', auctionId: w[1], bidder: w[2], cents: Number(w[3]), at };
    const closesAt = Number(w[5]);
    const changeRq = Number(w[6]);
    if (closesAt !== 0) c.closesAt = closesAt;
    if (changeRq !== 0) c.changeRq = changeRq;
    const entry: LogEntry = { s: Number(w[0].slice(1)), c };
    if (!bidMemo(line, w, at, (key, mAt, texts) => (entry.m = { key, at: mAt, texts }))) return NOT_A_RECORD;
    return entry;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return 'is not valid JSON';
  }
  if (Array.isArray(raw)) {
    const [s, kind] = raw as unknown[];
    if (!isInt(s)) return NOT_A_RECORD;
    if (kind === 'b') {
      // The positional JSON form of a bid, as written before the line of words.
      const [, , auctionId, bidder, cents, at, closesAt, changeRq] = raw as unknown[];
      if (!isStr(auctionId) || !isStr(bidder) || !isInt(cents) || !isInt(at) || !isInt(closesAt) || !isInt(changeRq))
        return NOT_A_RECORD;
      const c: Change = { t: 'bid', auctionId, bidder, cents, at };
      if (closesAt !== 0) c.closesAt = closesAt;
      if (changeRq !== 0) c.changeRq = changeRq;
      return { s, c, m: decodeMemo(raw[8], at) };
    }
    if (kind === 'm') return { s, c: { t: 'memo' }, m: decodeMemo(raw[2], 0) };
    const c = kind as Change | null;
    if (typeof c !== 'object' || c === null || typeof c.t !== 'string') return NOT_A_RECORD;
    return { s, c, m: decodeMemo(raw[2], memoBase(c)) };
  }
  // The older object form.
  const e = raw as { s?: unknown; c?: { t?: unknown }; m?: { k?: unknown; a?: unknown; r?: unknown } } | null;
  if (!e || !isInt(e.s) || typeof e.c?.t !== 'string') return NOT_A_RECORD;
  const m = e.m;
  const memo =
    m && isStr(m.k) && Number.isFinite(m.a) && Array.isArray(m.r)
      ? { key: m.k, at: m.a as number, texts: (m.r as unknown[]).filter(isStr) }
      : undefined;
  return { s: e.s, c: e.c as Change, m: memo };
}

/**
 * A bid the snapshot already has is read only for its memo: for a bid line (either bid form), its
 * sequence number, once its memo (if any) went to `sink`, when the number is ≤ `covered`; -1 for any
 * other line, a bid line beyond `covered` or a damaged one (decodeLine then reads it, or names it).
 * Neither a change nor a memo object is made: on a restart inside the reply window the log segments
 * kept for their memos are read only for them, and decoding 300,000 whole lines was most of it.
 */
export function coveredBidMemo(
  line: string,
  covered: number,
  sink: (key: string, at: number, texts: readonly string[]) => void,
): number {
  const c0 = line.charCodeAt(0);
  if (c0 === 0x62 /* b */) {
    const sp = line.indexOf(' ');
    const s = Number(line.slice(1, sp));
    if (sp < 2 || !(s <= covered)) return -1;
    const w = bidWords(line);
    if (typeof w === 'string' || !bidMemo(line, w, Number(w[4]), sink)) return -1;
    return s;
  }
  if (c0 === 0x5b /* [ */ && line.charCodeAt(1) <= 0x39) {
    // The positional JSON form of the version before.
    const g = OLD_BID_LINE.exec(line);
    if (!g || !(Number(g[1]) <= covered)) return -1;
    if (g[3] !== undefined) {
      let raw: unknown;
      try {
        raw = JSON.parse(g[3]);
      } catch {
        return -1;
      }
      const m = decodeMemo(raw, Number(g[2]));
      if (m) sink(m.key, m.at, m.texts);
    }
    return Number(g[1]);
  }
  return -1;
}

/** A bid's line in the positional JSON form. Groups: seq, at, the memo (`[key,Δat,text…]`). */
const OLD_BID_LINE = /^\[(\d+),"b","(?:[^"\\]|\\.)*","(?:[^"\\]|\\.)*",-?\d+,(\d+),\d+,\d+(?:,(\[.*\]))?\]$/;

/**
 * Takes a BID's usual memo as the bytes of its parts in `line`: key `digest bidder` (the 22 bytes at
 * `digestAt`, the bidder's at `bidderAt`), the one reply `BID_ACCEPTED rq`, taken at `at`.
 */
export type BidMemoSink = (
  line: Buffer,
  digestAt: number,
  bidderAt: number,
  bidderLen: number,
  rqAt: number,
  rqLen: number,
  at: number,
) => void;

/** Whether a byte may be in a word of a bid line (printable ASCII, no space). */
const wordByte = (c: number): boolean => c > 0x20 && c < 0x7f;
const digit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const digestByte = (c: number): boolean =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || digit(c) || c === 0x2d || c === 0x5f;

/** Where the last `intAt` or `wordAt` stopped (module state, not a closure: no function per line). */
let next = 0;

/** The whole number at `i` (a word ending at a space or `end`), or NaN; `next` is past it. */
function intAt(buf: Buffer, i: number, end: number): number {
  const neg = buf[i] === 0x2d;
  if (neg) i++;
  const from = i;
  let n = 0;
  while (i < end && digit(buf[i])) n = n * 10 + buf[i++] - 0x30;
  next = i;
  if (i === from || i - from > 16 || (i < end && buf[i] !== 0x20)) return NaN;
  return neg ? -n : n;
}

/** The length of the word at `i` (0 if none, or if a byte that is not a word's ends it); `next` is past it. */
function wordAt(buf: Buffer, i: number, end: number): number {
  const from = i;
  while (i < end && wordByte(buf[i])) i++;
  next = i;
  return i < end && buf[i] !== 0x20 ? 0 : i - from;
}

/**
 * coveredBidMemo for a line of words in `buf` (bytes [start, end)), without making a string: the
 * sequence number when it is ≤ `covered`, once the usual memo (if any) went to `sink`; -1 for any
 * other line, one beyond `covered`, one whose memo is written as JSON, or a damaged one (the caller
 * then reads the line as text). 300,000 lines made 300,000 strings and a split each.
 */
export function coveredBidMemoBytes(
  buf: Buffer,
  start: number,
  end: number,
  covered: number,
  sink: BidMemoSink,
): number {
  if (buf[start] !== 0x62 /* b */) return -1;
  const s = intAt(buf, start + 1, end);
  if (!(s <= covered) || buf[next] !== 0x20) return -1;
  if (wordAt(buf, next + 1, end) === 0 || buf[next] !== 0x20) return -1; // the auction
  const bidderAt = next + 1;
  const bidderLen = wordAt(buf, bidderAt, end);
  if (bidderLen === 0 || buf[next] !== 0x20) return -1;
  if (Number.isNaN(intAt(buf, next + 1, end)) || buf[next] !== 0x20) return -1; // cents
  const at = intAt(buf, next + 1, end);
  if (Number.isNaN(at) || buf[next] !== 0x20) return -1;
  if (Number.isNaN(intAt(buf, next + 1, end)) || buf[next] !== 0x20) return -1; // closesAt
  if (Number.isNaN(intAt(buf, next + 1, end))) return -1; // changeRq
  if (next === end) return s; // no memo
  const digestAt = next + 1;
  let i = digestAt;
  while (i < end && digestByte(buf[i])) i++;
  if (i - digestAt !== 22 || buf[i] !== 0x20) return -1; // or a memo in JSON
  const dt = intAt(buf, i + 1, end);
  if (Number.isNaN(dt) || buf[next] !== 0x20) return -1;
  const rqAt = next + 1;
  const rqLen = wordAt(buf, rqAt, end);
  if (rqLen === 0 || next !== end) return -1;
  sink(buf, digestAt, bidderAt, bidderLen, rqAt, rqLen, at + dt);
  return s;
}

/** A BidMemoSink that hands the memo on as strings. */
export function bidMemoAsStrings(sink: (key: string, at: number, texts: readonly string[]) => void): BidMemoSink {
  return (b, digestAt, bidderAt, bidderLen, rqAt, rqLen, at) =>
    sink(
      `${b.toString('latin1', digestAt, digestAt + 22)} ${b.toString('latin1', bidderAt, bidderAt + bidderLen)}`,
      at,
      [ACCEPTED + b.toString('latin1', rqAt, rqAt + rqLen)],
    );
}
