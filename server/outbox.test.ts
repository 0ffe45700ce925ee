// The reply cache (§3): remembered for the ttl, in a bounded number of bytes, oldest out first.
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Logger } from './log.js';
import { memoKey, Outbox, ReplyCache, ReplyCaches } from './outbox.js';
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
  expect(c.get('127.0.0.1:5 BID 2 lamp 6')?.texts).toEqual([]);
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
  const c = new ReplyCache(120_000, 8_000, now);
  const first = c.open('a CATALOG 1');
  const second = c.open('b CATALOG 1');
  for (let i = 0; i < 60; i++) second.push(`AUCTION_ANNOUNCE 1 item${i} ${'x'.repeat(100)} 1.00 60`);
  expect(c.bytes).toBeLessThanOrEqual(8_000);
  expect(c.get('a CATALOG 1')).toBeUndefined(); // pushed out by the other's growth
  expect(c.get('b CATALOG 1')).toBeUndefined(); // and it by its own: never half of its replies
  first.push('CATALOG_END 1 0'); // an evicted entry's growth is not kept
  expect(c.get('a CATALOG 1')).toBeUndefined();
  expect(c.bytes).toBeLessThanOrEqual(8_000);
});

test('texts that come after other requests (an async LOGIN) are chained to their entry', () => {
  const c = new ReplyCache(120_000, 1 << 16, now);
  const login = c.open('LOGIN 1', undefined, 'dave');
  for (let i = 0; i < 20; i++) c.open(`BID ${i}`).push(`BID_ACCEPTED ${i}`);
  expect(c.get('LOGIN 1')?.count).toBe(0); // still running: a duplicate gets nothing yet
  login.push('LOGGED_IN 1 buyer');
  c.open('BID 99').push('BID_ACCEPTED 99');
  login.push('second');
  login.push('third'); // in place: its continuation is the newest record
  const e = c.get('LOGIN 1');
  expect(e?.texts).toEqual(['LOGGED_IN 1 buyer', 'second', 'third']);
  expect(e?.account).toBe('dave');
  expect(c.get('BID 7')?.texts).toEqual(['BID_ACCEPTED 7']);
});

test('a key opened again and again keeps one entry, and its old records age out of the ring', () => {
  const c = new ReplyCache(120_000, 1 << 16, now);
  for (let i = 0; i < 100_000; i++) c.open(`127.0.0.1:5 BID ${i % 10} lamp 5`).push(`BID_ACCEPTED ${i % 10}`);
  expect(c.size).toBe(10);
  expect(c.bytes).toBeLessThanOrEqual(1 << 16);
  expect(c.evictedEarly).toBe(0); // the replaced ones were not in the cache any more
  expect(c.get('127.0.0.1:5 BID 3 lamp 5')?.texts).toEqual(['BID_ACCEPTED 3']);
});

test('against a model: whatever the cache answers is exactly the replies sent, across many laps', () => {
  let seed = 7;
  const rnd = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
  for (const cap of [4_096, 20_000, 1 << 22]) {
    const c = new ReplyCache(120_000, cap, now);
    const model = new Map<string, { texts: string[]; account: string }>();
    const open: Array<{ key: string; h: ReturnType<ReplyCache['open']> }> = [];
    for (let op = 0; op < 20_000; op++) {
      const r = rnd(10);
      if (r < 5 || open.length === 0) {
        const key = `k${rnd(3_000)}`;
        const account = rnd(2) ? `acc${rnd(5)}` : '';
        const h = c.open(key, undefined, account);
        model.set(key, { texts: [], account });
        open.push({ key, h });
        if (open.length > 8) open.shift();
      } else if (r < 9) {
        const { key, h } = open[rnd(open.length)];
        const text = `T${op} ${'é'.repeat(rnd(40))}`;
        h.push(text);
        if (h.live) model.get(key)!.texts.push(text);
      } else {
        const key = `k${rnd(3_000)}`;
        const got = c.get(key);
        if (got) {
          expect(got.texts).toEqual(model.get(key)!.texts);
          expect(got.account).toBe(model.get(key)!.account);
        }
      }
      if (op % 97 === 0) clock += 1;
    }
    expect(c.bytes).toBeLessThanOrEqual(cap);
    for (const [key, m] of model) {
      const got = c.get(key);
      if (got) expect(got.texts).toEqual(m.texts);
      else if (cap === 1 << 22) throw new Error(`${key} lost though the ring never went round`);
    }
  }
});

test('the cap bounds what the cache holds; the heap holds nothing per entry (issue 20.5)', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const cap = 32 * 1024 * 1024;
  gc();
  const before = process.memoryUsage();
  const c = new ReplyCache(120_000, cap, now);
  for (let i = 0; i < 400_000; i++) {
    // as the server makes them: a key per (address, datagram), the reply built by concatenation
    const key = createHash('sha256').update(`127.0.0.1:5 BID ${i} lamp 1.00`).digest('base64url').slice(0, 22);
    c.open(key).push(`BID_REJECTED ${i}` + ' Item lamp is closed');
  }
  gc();
  gc();
  const after = process.memoryUsage();
  expect(c.evictedEarly).toBeGreaterThan(0); // the cap was reached
  expect(c.bytes).toBeLessThanOrEqual(cap);
  expect(after.heapUsed - before.heapUsed).toBeLessThan(1024 * 1024); // nothing per entry on the heap
  expect(after.arrayBuffers - before.arrayBuffers).toBeLessThanOrEqual(cap); // the ring and its index
  // What an entry costs: this one (a 22-character key, a 39-character reply) 87 B of ring.
  expect(cap / c.size).toBeLessThan(87 * 1.25); // the ring is ⅚ of the cap
});

test('issue 20.1: memo keys are a digest, never the text; old text keys are not restored', () => {
  const datagram = Buffer.from('LOGIN 10 dave BuyerSecret_0123456789 127.0.0.1 53328 9');
  const key = memoKey('127.0.0.1:53328', datagram);
  expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(memoKey('127.0.0.1:53329', datagram)).not.toBe(key); // the source address is part of it
  const log = new Logger({ file: null, stdout: false });
  const replies = new ReplyCaches(now);
  replies.restore(`127.0.0.1:53328 ${datagram.toString('latin1')}`, clock, ['LOGGED_IN 10 buyer']); // old format
  replies.restore(`${key} dave`, clock, ['LOGGED_IN 10 buyer']);
  replies.restore(memoKey('127.0.0.1:5', Buffer.from('BID 1 lamp 5')), clock, ['BID_ACCEPTED 1']);
  expect(replies.restored).toBe(2);
  const outbox = new Outbox(new MemoryStore(), () => undefined, log, now, replies);
  expect(outbox.remembered(key, 'dave')?.texts).toEqual(['LOGGED_IN 10 buyer']);
  expect(outbox.remembered(key, 'bob')).toBeUndefined(); // another account bound there: not its reply
  expect(outbox.remembered(key, '')?.texts).toEqual(['LOGGED_IN 10 buyer']); // unbound since: answered
});

test('issue 21.3: a BID memo restored from its bytes is the entry its strings make', () => {
  const byText = new ReplyCaches(now, 1024 * 1024);
  const byBytes = new ReplyCaches(now, 1024 * 1024);
  const memos = [
    { digest: 'A'.repeat(22), bidder: 'bob', rq: '7', at: clock - 5 },
    { digest: 'B'.repeat(21) + '-', bidder: 'ann.b_2', rq: 'x9', at: clock - 4 },
    { digest: 'A'.repeat(22), bidder: 'bob', rq: '8', at: clock - 3 }, // the same key again: the newer wins
    { digest: 'C'.repeat(22), bidder: 'no!', rq: '9', at: clock - 2 }, // not an account MEMO_KEY takes
  ];
  for (const m of memos) {
    byText.restore(`${m.digest} ${m.bidder}`, m.at, [`BID_ACCEPTED ${m.rq}`]);
    const line = Buffer.from(`b1 a1 ${m.bidder} 5 5 0 0 ${m.digest} 0 ${m.rq}`);
    const bidderAt = line.indexOf(` ${m.bidder} `) + 1;
    const digestAt = line.indexOf(m.digest);
    byBytes.restoreBid(line, digestAt, bidderAt, m.bidder.length, digestAt + 25, m.rq.length, m.at);
  }
  expect(byBytes.restored).toBe(byText.restored);
  expect(byBytes.restored).toBe(3);
  expect(byBytes.cache.size).toBe(2);
  expect(byBytes.cache.size).toBe(byText.cache.size);
  for (const m of memos) {
    const [a, b] = [byText, byBytes].map((r) => {
      const e = r.cache.get(m.digest);
      return e && { at: e.at, account: e.account, texts: e.texts };
    });
    expect(b).toEqual(a);
  }
  expect(byBytes.cache.get('A'.repeat(22))?.texts).toEqual(['BID_ACCEPTED 8']);
  // The entry takes replies and is replaced as any other.
  const e = byBytes.cache.get('B'.repeat(21) + '-')!;
  e.push('X 1');
  expect(byBytes.cache.get('B'.repeat(21) + '-')?.texts).toEqual(['BID_ACCEPTED x9', 'X 1']);
  byBytes.cache.open('B'.repeat(21) + '-', clock, 'ann');
  expect(byBytes.cache.get('B'.repeat(21) + '-')?.texts).toEqual([]);
});
