// The domain core end to end without sockets (UnitServer): the real dispatch, rules, outbox and an
// in-memory store, a clock moved by hand. What each client is sent is checked datagram by datagram.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogStore, readDurableState } from './store/log-store.js';
import { T0, UnitServer } from './testing/unit-server.js';

function floor(config = {}, server?: UnitServer) {
  const u = server ?? new UnitServer(config);
  const sam = u.account('sam', 'seller');
  const ann = u.account('ann', 'buyer');
  const bob = u.account('bob', 'buyer');
  const sub = u.account('sub', 'buyer');
  const watcher = u.watcher();
  expect(u.reply(sam, 'LIST_ITEM 2 lamp Brass lamp 10.00 600')).toBe('ITEM_LISTED 2');
  expect(u.reply(sub, 'SUBSCRIBE 2 lamp')).toBe('SUBSCRIBED 2');
  return { u, sam, ann, bob, sub, watcher, audience: [sam, sub, watcher] };
}

describe('maximum bids over dispatch (§5)', () => {
  it('each recorded bid is one BID_UPDATE, in order, to the seller, subscribers and watchers', () => {
    const { u, ann, bob, audience } = floor();
    expect(u.reply(ann, 'MAX_BID 3 lamp 19.00')).toBe('MAX_BID_SET 3 lamp 10.00 ann'); // first max: current price
    expect(u.reply(bob, 'BID 3 lamp 12.00')).toBe('BID_ACCEPTED 3'); // accepted, and answered at once
    expect(u.reply(bob, 'MAX_BID 4 lamp 15.00')).toBe('MAX_BID_SET 4 lamp 15.01 ann'); // lower max
    expect(u.reply(bob, 'MAX_BID 5 lamp 19.00')).toBe('MAX_BID_SET 5 lamp 19.00 ann'); // equal: ann placed first
    expect(u.reply(bob, 'MAX_BID 6 lamp 25.00')).toBe('MAX_BID_SET 6 lamp 19.01 bob'); // higher
    expect(u.reply(ann, 'BID 7 lamp 30.00')).toBe('BID_ACCEPTED 7'); // plain bid above bob's max
    const sequence = [
      'lamp 10.00 ann',
      'lamp 12.00 bob',
      'lamp 12.01 ann',
      'lamp 15.00 bob',
      'lamp 15.01 ann',
      'lamp 19.00 bob',
      'lamp 19.00 ann',
      'lamp 19.01 bob',
      'lamp 30.00 ann',
    ];
    for (const to of audience) expect(u.updates(to)).toEqual(sequence);
    // fresh, rising server RQ#s: the BID_UPDATEs of one contest are consecutive
    const rqs = u
      .received(audience[1])
      .filter((t) => t.startsWith('BID_UPDATE '))
      .map((t) => Number(t.split(' ')[1]));
    expect([...rqs].sort((a, b) => a - b)).toEqual(rqs);
    expect(new Set(rqs).size).toBe(rqs.length);
  });

  it('a maximum never reaches anyone but its bidder: not in pushes, replies, the catalog or the close', () => {
    const { u, ann, bob } = floor();
    const stranger = u.address();
    expect(u.reply(ann, 'MAX_BID 3 lamp 77.77')).toBe('MAX_BID_SET 3 lamp 10.00 ann');
    expect(u.reply(bob, 'BID 3 lamp 20.00')).toBe('BID_ACCEPTED 3');
    expect(u.reply(ann, 'MAX_BID 4 lamp 88.88')).toBe('MAX_BID_SET 4 lamp 20.01 ann'); // raised: nothing else moves
    u.request(bob, 'CATALOG 4');
    u.request(stranger, 'CATALOG 1');
    expect(u.reply(bob, 'BID 5 lamp 20.01')).toMatch(/^BID_REJECTED 5 Amount must be at least 20\.02/);
    u.advance(600_000);
    u.tick();
    const toOthers = u.sent.filter((d) => d.to !== `${ann.ip}:${ann.port}`).map((d) => d.text);
    expect(toOthers.some((t) => t.startsWith('AUCTION_CLOSED ') && t.includes(' 20.01 ann'))).toBe(true);
    expect(toOthers.filter((t) => /77\.77|88\.88/.test(t))).toEqual([]);
  });

  it('the leader raising its maximum pushes nothing and does not move the price or the close', () => {
    const { u, ann, bob, audience } = floor({ softCloseS: 60 });
    u.reply(ann, 'MAX_BID 3 lamp 19.00');
    u.reply(bob, 'BID 3 lamp 11.00');
    const before = u.sent.length;
    u.advance(599_000); // 1 s left: inside the soft-close window
    expect(u.reply(ann, 'MAX_BID 4 lamp 50.00')).toBe('MAX_BID_SET 4 lamp 11.01 ann');
    expect(u.sent.slice(before).filter((d) => d.text.startsWith('BID_UPDATE '))).toEqual([]);
    expect(u.auction('lamp')!.closesAt).toBe(T0 + 600_000);
    expect(u.reply(ann, 'MAX_BID 5 lamp 50.00')).toBe('BID_REJECTED 5 Max_Amount must be more than your maximum 50.00');
    for (const to of audience) expect(u.updates(to)).toEqual(['lamp 10.00 ann', 'lamp 11.00 bob', 'lamp 11.01 ann']);
  });

  it('soft close: a maximum that records a bid with fewer than S seconds left extends the close', () => {
    const { u, ann, bob, sub } = floor({ softCloseS: 60 });
    u.advance(590_000);
    u.reply(ann, 'MAX_BID 3 lamp 19.00');
    expect(u.auction('lamp')!.closesAt).toBe(T0 + 590_000 + 60_000);
    u.advance(55_000);
    u.reply(bob, 'BID 3 lamp 12.00'); // answered by ann's maximum: a change of the price
    expect(u.auction('lamp')!.closesAt).toBe(T0 + 645_000 + 60_000);
    expect(
      u
        .received(sub)
        .filter((t) => t.startsWith('BID_UPDATE '))
        .map((t) => t.split(' ').pop()),
    ).toEqual(['60', '60', '60']);
  });

  it('a maximum counts as a bid for negotiation: none is asked, and ACCEPT is denied', () => {
    const { u, sam, ann } = floor();
    u.reply(ann, 'MAX_BID 3 lamp 19.00');
    u.advance(300_000);
    u.tick();
    expect(u.received(sam).filter((t) => t.startsWith('NEGOTIATE_REQ '))).toEqual([]);
    expect(u.auction('lamp')!.negotiation).toBe('none');
  });

  it('after a NEGOTIATE_REQ, a MAX_BID ends the negotiation', () => {
    const { u, sam, ann } = floor();
    u.advance(300_000);
    u.tick();
    const ask = u.received(sam).find((t) => t.startsWith('NEGOTIATE_REQ '))!;
    const rq = ask.split(' ')[1];
    u.reply(ann, 'MAX_BID 3 lamp 19.00');
    expect(u.reply(sam, `ACCEPT ${rq} lamp 8.00`)).toBe(
      `NEGOTIATE-DENIED ${rq} lamp has a bid now; the price can no longer be lowered`,
    );
    expect(u.asm.market.remindNegotiation(u.auction('lamp')!)).toBe(false); // the repeats stop
  });

  it('the winner pays the price, never its maximum', () => {
    const { u, sam, ann, bob, sub } = floor();
    u.reply(ann, 'MAX_BID 3 lamp 500.00');
    u.reply(bob, 'BID 3 lamp 42.00');
    u.advance(600_000);
    u.tick();
    expect(u.received(sub).filter((t) => t.startsWith('AUCTION_CLOSED '))).toEqual([
      expect.stringMatching(/^AUCTION_CLOSED \d+ lamp 42\.01 ann$/),
    ]);
    expect(u.received(sam).some((t) => /^AUCTION_CLOSED \d+ lamp 42\.01 ann$/.test(t))).toBe(true);
    const closure = Object.values(u.house.doc.closures)[0];
    expect(closure).toMatchObject({ finalCents: 4201, buyer: { name: 'ann' } });
  });

  it('a maximum counts for DE-REGISTER: its leader cannot leave, an outbid bidder can', () => {
    const { u, ann, bob } = floor();
    u.reply(ann, 'MAX_BID 3 lamp 19.00');
    u.reply(bob, 'BID 3 lamp 12.00');
    expect(u.reply(ann, 'DE-REGISTER 4 ann')).toBe('DE-REGISTER-DENIED 4 You lead the auction for lamp');
    expect(u.reply(bob, 'DE-REGISTER 4 bob')).toBe('DE-REGISTERED 4');
  });

  it('a retried MAX_BID is answered from memory and contested once', () => {
    const { u, ann, bob } = floor();
    u.reply(ann, 'MAX_BID 3 lamp 19.00');
    expect(u.reply(bob, 'MAX_BID 9 lamp 15.00')).toBe('MAX_BID_SET 9 lamp 15.01 ann');
    expect(u.reply(bob, 'MAX_BID 9 lamp 15.00')).toBe('MAX_BID_SET 9 lamp 15.01 ann');
    expect(u.auction('lamp')!.bids).toHaveLength(3);
  });

  it('ebay increments: the minimum next bid and the proxy step follow the band of the highest bid', () => {
    const { u, ann, bob, sub } = floor({ increments: 'ebay' });
    u.reply(ann, 'MAX_BID 3 lamp 100.00');
    expect(u.reply(bob, 'BID 3 lamp 10.49')).toBe(
      'BID_REJECTED 3 Amount must be at least 10.50 (highest bid 10.00 + 0.50)',
    );
    expect(u.reply(bob, 'BID 4 lamp 24.99')).toBe('BID_ACCEPTED 4');
    expect(u.reply(bob, 'BID 5 lamp 25.99')).toBe(
      'BID_REJECTED 5 Amount must be at least 26.49 (highest bid 25.49 + 1.00)',
    );
    expect(u.reply(bob, 'MAX_BID 6 lamp 99.99')).toBe('MAX_BID_SET 6 lamp 100.00 ann'); // +1.00 capped at the max
    expect(u.updates(sub)).toEqual([
      'lamp 10.00 ann',
      'lamp 24.99 bob',
      'lamp 25.49 ann',
      'lamp 99.99 bob',
      'lamp 100.00 ann',
    ]);
  });
});

describe('the change log', () => {
  it('replayed from disk gives the same document as applied live (LogStore, SIGKILL-like: no clean close)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'market-replay-'));
    try {
      const file = path.join(dir, 'db.json');
      const store = await LogStore.open(file);
      const u = new UnitServer({}, store);
      const [sam, ann, bob] = [u.account('sam', 'seller'), u.account('ann', 'buyer'), u.account('bob', 'buyer')];
      expect(await u.replyDurable(sam, 'LIST_ITEM 2 lamp Brass lamp 10.00 600')).toBe('ITEM_LISTED 2');
      expect(await u.replyDurable(ann, 'MAX_BID 3 lamp 19.00')).toBe('MAX_BID_SET 3 lamp 10.00 ann');
      expect(await u.replyDurable(bob, 'BID 3 lamp 12.00')).toBe('BID_ACCEPTED 3');
      expect(await u.replyDurable(bob, 'MAX_BID 4 lamp 25.00')).toBe('MAX_BID_SET 4 lamp 19.01 bob');
      expect(await u.replyDurable(ann, 'MAX_BID 4 lamp 40.00')).toBe('MAX_BID_SET 4 lamp 25.01 ann');
      expect(await u.replyDurable(bob, 'MAX_BID 5 lamp 30.00')).toBe('MAX_BID_SET 5 lamp 30.01 ann');
      expect(await u.replyDurable(ann, 'MAX_BID 6 lamp 60.00')).toBe('MAX_BID_SET 6 lamp 30.01 ann');
      u.advance(600_000);
      u.tick();
      await store.flush();
      expect(Object.values(store.doc.closures)).toMatchObject([{ finalCents: 3001, buyer: { name: 'ann' } }]);
      const live = JSON.parse(JSON.stringify(store.doc));
      expect(live.auctions).not.toEqual({});
      expect(JSON.parse(JSON.stringify(readDurableState(file)))).toEqual(live);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
