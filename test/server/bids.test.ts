// BID (§5) over real UDP: every refusal, duplicates never applied twice, races leave one highest bid.
import { readDurableState } from '../../server/store/log-store.js';
import { inProcessServer, type InProcessServer } from '../support/server.js';
import type { UdpPeer } from '../support/udp-peer.js';

let t: InProcessServer;
let seller: UdpPeer;
let bea: UdpPeer;
let bob: UdpPeer;
beforeEach(async () => {
  t = await inProcessServer();
  seller = await t.peer();
  bea = await t.peer();
  bob = await t.peer();
  await seller.register(1, 'sam', 'seller');
  await bea.register(1, 'bea', 'buyer');
  await bob.register(1, 'bob', 'buyer');
  await seller.request('LIST_ITEM 2 lamp Brass lamp 10.00 60');
});
afterEach(async () => {
  await t.close();
});

test('first bid must reach the current price, later ones the highest bid + 0.01', async () => {
  expect(await bea.request('BID 2 lamp 9.99')).toBe('BID_REJECTED 2 Amount must be at least the current price 10.00');
  expect(await bea.request('BID 3 lamp 10')).toBe('BID_ACCEPTED 3');
  expect(await bob.request('BID 2 lamp 10.00')).toBe(
    'BID_REJECTED 2 Amount must be at least 10.01 (highest bid 10.00 + 0.01)',
  );
  expect(await bob.request('BID 3 lamp 10.01')).toBe('BID_ACCEPTED 3');
});

test("bids from an unbound address, from a seller, on one's own item, unknown item, bad amount", async () => {
  const stranger = await t.peer();
  expect(await stranger.request('BID 1 lamp 20')).toMatch(/^BID_REJECTED 1 Not registered/);
  const other = await t.peer();
  await other.register(1, 'otto', 'seller');
  expect(await other.request('BID 2 lamp 20')).toBe('BID_REJECTED 2 Only buyers can bid');
  expect(await seller.request('BID 3 lamp 20')).toBe('BID_REJECTED 3 You cannot bid on your own item');
  expect(await bea.request('BID 4 vase 20')).toBe('BID_REJECTED 4 No such open auction');
  expect(await bea.request('BID 5 lamp 20.001')).toBe(
    'BID_REJECTED 5 Amount must be a positive amount with at most 2 decimals',
  );
  expect(await bea.request('BID 6 lamp')).toMatch(/^BID_REJECTED 6 message has the wrong number of fields/);
});

test('a bid on a closed auction is refused', async () => {
  await seller.request('LIST_ITEM 3 pen Fountain pen 1.00 600');
  expect(await bea.request('SUBSCRIBE 7 pen')).toBe('SUBSCRIBED 7');
  const closed = bea.next(/^AUCTION_CLOSED \d+ pen /);
  t.advanceClock(600_000); // it closes now (the test clock), not on a wall clock a busy machine can miss
  expect(await closed).toMatch(/^AUCTION_CLOSED \d+ pen 1\.00 -$/);
  expect(await bea.request('BID 8 pen 5')).toBe('BID_REJECTED 8 No such open auction');
});

test('a retried BID (same RQ#, same text) is answered from memory and applied once', async () => {
  expect(await bea.request('BID 42 lamp 15')).toBe('BID_ACCEPTED 42');
  expect(await bea.request('BID 42 lamp 15')).toBe('BID_ACCEPTED 42');
  bea.send('BID 42 lamp 15');
  await bea.next(/^BID_ACCEPTED 42$/);
  await t.server.flush();
  expect(readDurableState(t.dbPath).auctions[t.server.auction('lamp')!.id].bids).toHaveLength(1);
  // the same RQ# with another text is a new request
  expect(await bea.request('BID 42 lamp 16')).toBe('BID_ACCEPTED 42');
});

test('bid updates reach subscribers and the seller, with the bidder and time left', async () => {
  await bob.request('SUBSCRIBE 5 lamp');
  const toSeller = seller.next(/^BID_UPDATE /);
  const toBob = bob.next(/^BID_UPDATE /);
  await bea.request('BID 9 lamp 12.34');
  expect(await toSeller).toMatch(/^BID_UPDATE \d+ lamp 12\.34 bea (60|59)$/);
  expect(await toBob).toMatch(/^BID_UPDATE \d+ lamp 12\.34 bea (60|59)$/);
});

test('two buyers racing on one item leave exactly one highest bid', async () => {
  const amounts = Array.from({ length: 40 }, (_, i) => 1000 + i * 25);
  const replies = await Promise.all(
    amounts.flatMap((c, i) => [
      bea.request(`BID ${100 + i} lamp ${(c / 100).toFixed(2)}`),
      bob.request(`BID ${100 + i} lamp ${(c / 100).toFixed(2)}`),
    ]),
  );
  // for each amount exactly one of the two may win; the stored bids are strictly increasing
  const accepted = replies.filter((r) => r.startsWith('BID_ACCEPTED')).length;
  await t.server.flush();
  const bids = Object.values(readDurableState(t.dbPath).auctions)[0].bids;
  expect(bids).toHaveLength(accepted);
  for (let i = 1; i < bids.length; i++) expect(bids[i].cents).toBeGreaterThan(bids[i - 1].cents);
  const top = bids[bids.length - 1];
  const end = bea.next(/^CATALOG_END 900 /);
  bea.send('CATALOG 900');
  await end;
  // the catalog row carries the same final state: the top price, the bid count and the leader
  expect(bea.received.find((r) => r.startsWith('CATALOG_ITEM 900 '))).toMatch(
    new RegExp(
      `^CATALOG_ITEM 900 lamp \\S+ ${(top.cents / 100).toFixed(2).replace('.', '\\.')} ${bids.length} ${top.bidder} \\d+ Brass lamp$`,
    ),
  );
});
