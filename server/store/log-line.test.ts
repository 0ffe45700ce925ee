// The change log's line format (log-line.ts): every change round-trips, a bid's line is short, and the
// older object lines are still read.
import type { Change } from '../state/changes.js';
import { CLOSE, decodeBidMemo, decodeLine, encodeChangeOpen, encodeMemo, memoBase } from './log-line.js';

const AT = 1_765_000_000_123;
const bid: Change = { t: 'bid', auctionId: 'V1StGXR8_Z5j', bidder: 'kb12', cents: 1_023_456, at: AT, changeRq: 45_678 };
/** A memo as the server keeps one: a 22-character digest key, the reply text. */
const memo = { key: 'q2Vb0yXcN3fLm8TzR1sKpA', at: AT, texts: ['BID_ACCEPTED 1742'] };

const line = (seq: number, c: Change, m?: typeof memo): string =>
  encodeChangeOpen(seq, c) + (m ? encodeMemo(m, memoBase(c)) : '') + CLOSE;

test.each<Change>([
  bid,
  { ...bid, closesAt: AT + 30_000 },
  { t: 'bid', auctionId: 'a"1', bidder: 'ünï', cents: 101, at: 5 },
  { t: 'bid', auctionId: 'a1', bidder: 'b', cents: 101, at: 5.5 }, // not an integer time: the object form
  { t: 'memo' },
  { t: 'contest', auctionId: 'a1', at: AT, bids: [{ bidder: 'x', cents: 5 }], max: { bidder: 'y', cents: 9 } },
  { t: 'login', name: 'ann', ip: '127.0.0.1', udpPort: 5, tcpPort: 6 },
  { t: 'archive', auctionId: 'a1', at: AT },
])('%j round-trips, with and without a memo', (c) => {
  expect(decodeLine(line(7, c))).toEqual({ s: 7, c, m: undefined });
  expect(decodeLine(line(8, c, memo))).toEqual({ s: 8, c, m: memo });
  expect(decodeLine(line(9, c, { ...memo, at: AT + 3, texts: ['A 1', 'B 2'] }))).toEqual({
    s: 9,
    c,
    m: { ...memo, at: AT + 3, texts: ['A 1', 'B 2'] },
  });
});

test('a bid with its memo is one line of at most 120 bytes (221 in the object form)', () => {
  const text = line(1_234_567, bid, memo);
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(120);
});

test('the older object lines are still read', () => {
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
])('%s is refused: %s', (text, reason) => {
  expect(decodeLine(text)).toBe(reason);
});

test('a plain bid line gives its seq and memo without a parse of the change, as decodeLine does', () => {
  const c = { t: 'bid', auctionId: 'a"1', bidder: 'bob', cents: 105, at: 1_000, closesAt: 9_000 } as const;
  const memo = { key: 'k'.repeat(22) + ' bob', at: 1_003, texts: ['BID_ACCEPTED 7', 'x],["y'] };
  const line = encodeChangeOpen(12, c) + encodeMemo(memo, memoBase(c)) + CLOSE;
  expect(decodeBidMemo(line)).toEqual({ s: 12, m: memo });
  expect(decodeBidMemo(encodeChangeOpen(13, c) + CLOSE)).toEqual({ s: 13, m: undefined });
  expect(decodeBidMemo(line.replace('"b"', '"x"'))).toBeUndefined(); // not a bid: left to decodeLine
  expect(decodeBidMemo(line.slice(0, -3) + ']')).toBeUndefined(); // a damaged memo: left to decodeLine
  expect(decodeBidMemo(`[14,{"t":"memo"}]`)).toBeUndefined();
});
