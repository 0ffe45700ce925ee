// The change log's line format (log-line.ts): every change round-trips, a bid's line is short, and the
// older forms (positional JSON, objects) are still read.
import type { Change } from '../state/changes.js';
import type { ReplyMemo } from './store.js';
import {
  bidMemoAsStrings,
  coveredBidMemo,
  coveredBidMemoBytes,
  decodeLine,
  encodeChange,
  memoBase,
  withMemo,
} from './log-line.js';

const AT = 1_765_000_000_123;
const bid: Change = { t: 'bid', auctionId: 'V1StGXR8_Z5j', bidder: 'kb12', cents: 1_023_456, at: AT, changeRq: 45_678 };
/** A BID's memo as the server keeps one: a 22-character digest key and the account, the reply. */
const memo: ReplyMemo = { key: 'q2Vb0yXcN3fLm8TzR1sKpA kb12', at: AT, texts: ['BID_ACCEPTED 1742'] };

const line = (seq: number, c: Change, m?: ReplyMemo): string =>
  m ? withMemo(encodeChange(seq, c), m, memoBase(c)) : encodeChange(seq, c);

/** What coveredBidMemo hands over for a line, and the seq it returns. */
function covered(text: string, upTo = Infinity): { s: number; memos: ReplyMemo[] } {
  const memos: ReplyMemo[] = [];
  const s = coveredBidMemo(text, upTo, (key, at, texts) => memos.push({ key, at, texts }));
  return { s, memos };
}

test.each<Change>([
  bid,
  { ...bid, closesAt: AT + 30_000 },
  { t: 'bid', auctionId: 'a"1', bidder: 'ünï', cents: 101, at: 5 }, // not words: JSON
  { t: 'bid', auctionId: 'a 1', bidder: 'bob', cents: 101, at: 5 },
  { t: 'bid', auctionId: 'a1', bidder: 'b', cents: -3, at: 5 },
  { t: 'bid', auctionId: 'a1', bidder: 'b', cents: 101, at: 5.5 }, // not an integer time: the object form
  { t: 'memo' },
  { t: 'contest', auctionId: 'a1', at: AT, bids: [{ bidder: 'x', cents: 5 }], max: { bidder: 'y', cents: 9 } },
  { t: 'login', name: 'ann', ip: '127.0.0.1', udpPort: 5, tcpPort: 6 },
  { t: 'archive', auctionId: 'a1', at: AT },
])('%j round-trips, with and without a memo of either kind', (c) => {
  expect(decodeLine(line(7, c))).toEqual({ s: 7, c, m: undefined });
  expect(decodeLine(line(8, c, memo))).toEqual({ s: 8, c, m: memo });
  const other = { key: 'k y"z', at: AT + 3, texts: ['A 1', 'B ]2'] };
  expect(decodeLine(line(9, c, other))).toEqual({ s: 9, c, m: other });
  const { bidder } = c as { bidder?: string };
  const own = { key: `${'k'.repeat(22)} ${bidder}`, at: AT - 2, texts: ['BID_ACCEPTED 7x'] };
  expect(decodeLine(line(10, c, own))).toEqual({ s: 10, c, m: own });
});

test('a bid with its usual memo is one line of words, at most 90 bytes (116 in the JSON form, 221 in objects)', () => {
  const text = line(1_234_567, bid, memo);
  expect(text).toBe('b1234567 V1StGXR8_Z5j kb12 1023456 1765000000123 0 45678 q2Vb0yXcN3fLm8TzR1sKpA 0 1742');
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(90);
  // A memo of another account, or another reply, is written whole.
  expect(line(1, bid, { ...memo, key: 'q2Vb0yXcN3fLm8TzR1sKpA ann' })).toContain('["q2Vb0yXcN3fLm8TzR1sKpA ann",0,');
  expect(line(1, bid, { ...memo, texts: ['BID_ACCEPTED 1', 'X'] })).toContain(',"BID_ACCEPTED 1","X"]');
  // An account that only begins like the bidder (or the words after it) is not the bidder.
  for (const account of ['kb1', 'kb123', 'kb12 1023456']) {
    const m = { ...memo, key: `q2Vb0yXcN3fLm8TzR1sKpA ${account}` };
    expect(decodeLine(line(1, bid, m))).toEqual({ s: 1, c: bid, m });
  }
});

const oldJsonLine = (seq: number, m?: string): string =>
  `[${seq},"b","V1StGXR8_Z5j","kb12",1023456,${AT},0,45678${m === undefined ? '' : `,${m}`}]`;

test('the older forms are still read: positional JSON and objects', () => {
  expect(decodeLine(oldJsonLine(3, '["q2Vb0yXcN3fLm8TzR1sKpA kb12",0,"BID_ACCEPTED 1742"]'))).toEqual({
    s: 3,
    c: bid,
    m: memo,
  });
  expect(decodeLine(`[4,"m",["k",${AT},"X 1"]]`)).toEqual({
    s: 4,
    c: { t: 'memo' },
    m: { key: 'k', at: AT, texts: ['X 1'] },
  });
  expect(
    decodeLine(
      `{"s":3,"c":${JSON.stringify(bid)},"m":{"k":"127.0.0.1:5 BID 7 lamp 1.50","a":${AT},"r":["BID_ACCEPTED 7"]}}`,
    ),
  ).toEqual({ s: 3, c: bid, m: { key: '127.0.0.1:5 BID 7 lamp 1.50', at: AT, texts: ['BID_ACCEPTED 7'] } });
  expect(decodeLine('{"s":4,"c":{"t":"memo"}}')).toEqual({ s: 4, c: { t: 'memo' }, m: undefined });
});

test.each([
  ['not json', 'is not valid JSON'],
  ['{"s":1}', 'is not a change record'],
  ['[1,"b","a1","bob","x",5,0,0]', 'is not a change record'],
  ['["1",{"t":"memo"}]', 'is not a change record'],
  ['[1,7]', 'is not a change record'],
  ['b1 a1 bob 5 5 0', 'is not a change record'], // a word short
  ['b1 a1 bob x 5 0 0', 'is not a change record'],
  ['bx a1 bob 5 5 0 0', 'is not a change record'],
  ['b a1 bob 5 5 0 0', 'is not a change record'],
  ['b1 a1 bob 5 5 0 1e3', 'is not a change record'],
  ['b1 a1 bob 5 5 0 0 ', 'is not a change record'], // an empty memo
  ['b1 a1 bob 5 5 0 0 short 0 7', 'is not a change record'], // not a digest
  [`b1 a1 bob 5 5 0 0 ${'k'.repeat(22)} 0`, 'is not a change record'], // no RQ#
  [`b1 a1 bob 5 5 0 0 ${'k'.repeat(22)} x 7`, 'is not a change record'],
  [`b1 a1 bob 5 5 0 0 ${'k'.repeat(22)} 0 7 8`, 'is not a change record'],
  ['b1 a1 bob 5 5 0 0 ["k",0', 'is not a change record'], // a damaged JSON memo
  ['b1 a1 bob 5 5 0 0 ["k"]', 'is not a change record'],
])('%s is refused: %s', (text, reason) => {
  expect(decodeLine(text)).toBe(reason);
});

test('a covered bid line gives its seq and memo, as decodeLine does, without decoding the change', () => {
  for (const m of [memo, { key: 'x"y', at: AT + 9, texts: ['A', 'B'] }, undefined]) {
    const text = line(12, bid, m);
    expect(covered(text)).toEqual({ s: 12, memos: m ? [m] : [] });
    expect(covered(text, 12)).toEqual({ s: 12, memos: m ? [m] : [] });
    expect(covered(text, 11)).toEqual({ s: -1, memos: [] }); // not covered: left to decodeLine
  }
  // The positional JSON form of the version before, too.
  const old = oldJsonLine(13, '["q2Vb0yXcN3fLm8TzR1sKpA kb12",0,"BID_ACCEPTED 1742"]');
  expect(covered(old)).toEqual({ s: 13, memos: [memo] });
  expect(covered(oldJsonLine(14))).toEqual({ s: 14, memos: [] });
  expect(covered(old, 12)).toEqual({ s: -1, memos: [] });
  // Anything else, or a damaged memo, is left to decodeLine (which names it).
  expect(covered(line(15, { t: 'memo' }, memo))).toEqual({ s: -1, memos: [] });
  expect(covered(old.replace('"b"', '"x"'))).toEqual({ s: -1, memos: [] });
  expect(covered(old.slice(0, -3) + ']')).toEqual({ s: -1, memos: [] });
  expect(covered(line(16, bid, memo).slice(0, -5))).toEqual({ s: -1, memos: [] });
  expect(covered(`b17 a1 bob 5 5 0 0 ["k",0`)).toEqual({ s: -1, memos: [] });
  expect(covered('b18 a1 bob 5 5 0')).toEqual({ s: -1, memos: [] });
  expect(covered('{"s":1,"c":{"t":"memo"}}')).toEqual({ s: -1, memos: [] });
});

test('a covered line of words read as bytes gives what the text gives, or leaves the line to it', () => {
  const asBytes = (text: string, upTo = Infinity): { s: number; memos: ReplyMemo[] } => {
    const memos: ReplyMemo[] = [];
    const b = Buffer.from(`x\n${text}\nz`); // a line inside a segment's bytes
    const sink = bidMemoAsStrings((key, at, texts) => memos.push({ key, at, texts }));
    return { s: coveredBidMemoBytes(b, 2, 2 + Buffer.byteLength(text), upTo, sink), memos };
  };
  for (const c of [bid, { ...bid, closesAt: AT + 30_000, cents: -5 }]) {
    for (const m of [memo, { ...memo, at: AT - 7 }, undefined]) {
      const text = line(12, c, m);
      expect(asBytes(text)).toEqual(covered(text));
      expect(asBytes(text).s).toBe(12);
      expect(asBytes(text, 11)).toEqual({ s: -1, memos: [] });
    }
  }
  // A memo in JSON, the older forms, anything else and damage: left to the text.
  for (const text of [
    line(13, bid, { key: 'x y', at: AT, texts: ['A'] }),
    oldJsonLine(14, '["q2Vb0yXcN3fLm8TzR1sKpA kb12",0,"BID_ACCEPTED 1742"]'),
    line(15, { t: 'memo' }, memo),
    line(16, bid, memo).slice(0, -1) + ' ',
    line(16, bid, memo) + ' 9',
    line(16, bid, memo).replace(' 0 1742', ' x 1742'),
    line(16, bid, memo).replace('q2Vb', 'q2V'),
    'b17 a1 bob 5 5 0',
    'b18 a1 bob 5 5 0 1x',
    'b a1 bob 5 5 0 0',
    'b19 a1  5 5 0 0',
    'b20 a1 bøb 5 5 0 0',
  ]) {
    expect(asBytes(text)).toEqual({ s: -1, memos: [] });
  }
});
