// The Store contract (store.ts), as a suite any implementation runs (as aedes-persistence exports its
// abstract tests): the file store and the memory store in store.contract.test.ts, the JetStream store
// of a house of several servers (§9) in test/server/jetstream-store.test.ts, on real nats-server nodes.
// Jest's globals: only a test file imports this.
import type { Change } from '../state/changes.js';
import type { MemoSink, ReplyMemo, Store } from './store.js';

const register = (name: string, port: number): Change => ({
  t: 'register',
  name,
  role: 'buyer',
  ip: '127.0.0.1',
  udpPort: port,
  tcpPort: 1,
  at: 1,
});
/** A listing of `item` by sam at 1.00 for a minute: the change the store tests start an auction with. */
export const list = (id = 'a1', item = 'lamp'): Extract<Change, { t: 'list' }> => ({
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

export interface ContractOptions {
  /**
   * A durable store: opens again what the last `make` made (after it was closed). A store that hands
   * its recovered memos over as it opens (LogStore) gives them to `onRecoveredMemo`.
   */
  reopen?: (onRecoveredMemo: MemoSink) => Promise<Store>;
}

export function storeContract(name: string, make: () => Promise<Store>, opts: ContractOptions = {}): void {
  describe(`${name} honours the Store contract`, () => {
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

    const durable = opts.reopen ? test : test.skip;
    durable('a reopened store holds every durable change and the reply memos younger than the window', async () => {
      store.commit(register('ann', 1));
      store.commit(list('a1', 'lamp'));
      store.commit({ t: 'bid', auctionId: 'a1', bidder: 'ann', cents: 150, at: Date.now() });
      store.remember({ key: 'k'.repeat(22), at: Date.now(), texts: ['BID_ACCEPTED 7 lamp 1.50'] });
      await store.flush();
      const last = store.lastSeq;
      await store.close();
      // Each memo comes back once: as the store opens, or from recoverMemos, whichever the store does.
      const memos: ReplyMemo[] = [];
      const sink: MemoSink = (key, at, texts) => memos.push({ key, at, texts });
      store = await opts.reopen!(sink);
      expect(store.lastSeq).toBe(last);
      expect(store.doc.auctions.a1.bids.map((b) => b.cents)).toEqual([150]);
      store.recoverMemos(sink);
      store.recoverMemos(sink);
      expect(memos.map((m) => m.texts)).toEqual([['BID_ACCEPTED 7 lamp 1.50']]);
    });
  });
}
