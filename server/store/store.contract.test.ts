// One contract, every store: the same behaviour from the durable LogStore (temp file) and MemoryStore.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Change } from '../state/changes.js';
import { LogStore } from './log-store.js';
import { MemoryStore } from './memory-store.js';
import type { Store } from './store.js';

const register = (name: string, port: number): Change => ({
  t: 'register',
  name,
  role: 'buyer',
  ip: '127.0.0.1',
  udpPort: port,
  tcpPort: 1,
  at: 1,
});
const list = (id: string, item: string): Change => ({
  t: 'list',
  id,
  item,
  seller: 'sam',
  description: 'd',
  startCents: 100,
  durationS: 60,
  openedAt: 0,
  closesAt: 60_000,
});

const dirs: string[] = [];
const factories: Array<[string, () => Promise<Store>]> = [
  [
    'LogStore',
    async () => {
      const d = mkdtempSync(path.join(os.tmpdir(), 'store-'));
      dirs.push(d);
      return LogStore.open(path.join(d, 'db.json'));
    },
  ],
  ['MemoryStore', async () => new MemoryStore()],
];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.each(factories)('%s honours the Store contract', (_name, make) => {
  let store: Store;
  beforeEach(async () => {
    store = await make();
  });
  afterEach(async () => {
    await store.close();
  });

  test('commit applies at once and numbers changes in order', () => {
    const a = store.commit(register('ann', 1));
    const b = store.commit(register('bob', 2));
    expect(b).toBe(a + 1);
    expect(store.lastSeq).toBe(b);
    expect(store.doc.accounts.ann.udpPort).toBe(1);
    expect(store.doc.seq).toBe(b);
  });

  test('flush resolves once everything committed is durable, and listeners see durableSeq advance in order', async () => {
    const seen: number[] = [];
    store.onDurable((s) => seen.push(s));
    store.commit(list('a1', 'lamp'));
    for (let i = 0; i < 50; i++) store.commit({ t: 'bid', auctionId: 'a1', bidder: 'bob', cents: 100 + i, at: i });
    await store.flush();
    expect(store.durableSeq).toBe(store.lastSeq);
    expect(seen.length).toBeGreaterThan(0);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);
    expect(seen[seen.length - 1]).toBe(store.lastSeq);
    expect(store.doc.auctions.a1.bids).toHaveLength(50);
  });

  test('a login moves the binding: the address is unbound from its previous holder', () => {
    store.commit(register('ann', 1));
    store.commit(register('bob', 1));
    expect(store.doc.accounts.ann.udpPort).toBeNull();
    expect(store.doc.accounts.bob.udpPort).toBe(1);
  });

  test('stats count commits', () => {
    store.commit(register('ann', 1));
    expect(store.stats().commits).toBe(1);
  });
});
