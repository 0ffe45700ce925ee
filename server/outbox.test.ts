// The reply cache (§3): remembered for the ttl, in a bounded number of bytes, oldest out first.
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Logger } from './log.js';
import { memoKey, Outbox, ReplyCache } from './outbox.js';
import { MemoryStore } from './store/memory-store.js';

let clock = 0;
const now = (): number => clock;
beforeEach(() => {
  clock = 1_000_000;
});

test('a reply is remembered for the ttl, then forgotten', () => {
  const c = new ReplyCache(120_000, 1 << 20, now);
  c.open('127.0.0.1:5 BID 1 lamp 5').push('BID_ACCEPTED 1');
  clock += 120_000;
  expect(c.get('127.0.0.1:5 BID 1 lamp 5')?.texts).toEqual(['BID_ACCEPTED 1']);
  clock += 1;
  expect(c.get('127.0.0.1:5 BID 1 lamp 5')).toBeUndefined();
  c.open('127.0.0.1:5 BID 2 lamp 6'); // evicts what has aged out
  expect(c.size).toBe(1);
});

test('a flood of distinct requests stays within the byte cap: the oldest leave first', () => {
  const cap = 64 * 1024;
  const c = new ReplyCache(120_000, cap, now);
  for (let i = 0; i < 100_000; i++) c.open(`10.0.0.1:${i % 60000} CATALOG ${i}`).push(`DENIED ${i} x`);
  expect(c.bytes).toBeLessThanOrEqual(cap);
  expect(c.size).toBeGreaterThan(100);
  expect(c.size).toBeLessThan(1_000);
  expect(c.get('10.0.0.1:39999 CATALOG 99999')?.texts).toEqual(['DENIED 99999 x']); // the newest is there
  expect(c.get('10.0.0.1:0 CATALOG 0')).toBeUndefined(); // the oldest is gone
  expect(c.evictedEarly).toBe(100_000 - c.size);
});

test('replies added later (an async LOGIN, the lines of a CATALOG) count against the cap', () => {
  const c = new ReplyCache(120_000, 5_800, now);
  const first = c.open('a CATALOG 1');
  const second = c.open('b CATALOG 1');
  for (let i = 0; i < 28; i++) second.push(`AUCTION_ANNOUNCE 1 item${i} ${'x'.repeat(100)} 1.00 60`);
  expect(c.bytes).toBeLessThanOrEqual(5_800);
  expect(c.get('a CATALOG 1')).toBeUndefined(); // pushed out by the other's growth
  expect(c.get('b CATALOG 1')?.texts).toHaveLength(28);
  first.push('CATALOG_END 1 0'); // an evicted entry's growth is not counted
  expect(c.bytes).toBeLessThanOrEqual(5_800);
});

test('a key opened again and again keeps one entry, and the queue does not grow with the dead ones', () => {
  const c = new ReplyCache(120_000, 1 << 20, now);
  for (let i = 0; i < 100_000; i++) c.open(`127.0.0.1:5 BID ${i % 10} lamp 5`).push(`BID_ACCEPTED ${i % 10}`);
  expect(c.size).toBe(10);
  expect(c.queued).toBeLessThan(3_000);
  expect(c.get('127.0.0.1:5 BID 3 lamp 5')?.texts).toEqual(['BID_ACCEPTED 3']);
});

test('the cap bounds what the entries really cost the heap (issue 20.5: the heap held 1.8× the cap)', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const cap = 32 * 1024 * 1024;
  gc();
  const before = process.memoryUsage().heapUsed;
  const c = new ReplyCache(120_000, cap, now);
  for (let i = 0; i < 400_000; i++) {
    // as the server makes them: a key per (address, datagram), the reply built by concatenation
    const key = createHash('sha256').update(`127.0.0.1:5 BID ${i} lamp 1.00`).digest('base64url').slice(0, 22);
    c.open(key).push(`BID_REJECTED ${i}` + ' Item lamp is closed');
  }
  gc();
  gc();
  const held = process.memoryUsage().heapUsed - before;
  expect(c.evictedEarly).toBeGreaterThan(0); // the cap was reached
  expect(held).toBeLessThanOrEqual(cap * 1.1);
  expect(held).toBeGreaterThan(cap * 0.6); // and it is not charged far beyond what it costs
});

test('issue 20.1: memo keys are a digest, never the text; old text keys are not restored', () => {
  const datagram = Buffer.from('LOGIN 10 dave BuyerSecret_0123456789 127.0.0.1 53328 9');
  const key = memoKey('127.0.0.1:53328', datagram);
  expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(memoKey('127.0.0.1:53329', datagram)).not.toBe(key); // the source address is part of it
  const log = new Logger({ file: null, stdout: false });
  const outbox = new Outbox(new MemoryStore(), () => undefined, log, now);
  const restored = outbox.restore([
    { key: `127.0.0.1:53328 ${datagram.toString('latin1')}`, at: clock, texts: ['LOGGED_IN 10 buyer'] }, // old format
    { key: `${key} dave`, at: clock, texts: ['LOGGED_IN 10 buyer'] },
    { key: memoKey('127.0.0.1:5', Buffer.from('BID 1 lamp 5')), at: clock, texts: ['BID_ACCEPTED 1'] },
  ]);
  expect(restored).toBe(2);
  expect(outbox.remembered(key, 'dave')?.texts).toEqual(['LOGGED_IN 10 buyer']);
  expect(outbox.remembered(key, 'bob')).toBeUndefined(); // another account bound there: not its reply
  expect(outbox.remembered(key, '')?.texts).toEqual(['LOGGED_IN 10 buyer']); // unbound since: answered
});
