// §5 Negotiation over real UDP: NEGOTIATE_REQ at half time to the seller, repeated until answered;
// ACCEPT lowers the price (PRICE_ADJUSTMENT to the seller and pushed to subscribers), REFUSE keeps it;
// the decision is durable, so a restart neither loses an unanswered request nor asks again. Half time
// and the close come when the test moves the server's test clock (and then it awaits the datagram),
// never on a 2-second wall clock a busy machine can overrun.
import { spawnServer, tempDb, type ServerProcess } from '../support/server.js';
import { type UdpPeer } from '../support/udp-peer.js';
import { durable, lifecycleFixture, SECRET } from './helpers.js';

const { parties, start, samAndBea } = lifecycleFixture();

const negotiateReqs = (p: UdpPeer, item: string): string[] =>
  p.received.filter((r) => r.startsWith('NEGOTIATE_REQ ') && r.split(' ')[2] === item);
/** Time_Left, the last field of a NEGOTIATE_REQ or PRICE_ADJUSTMENT: seconds, rounded up (§2). */
const left = (line: string): number => Number(line.split(' ').at(-1));

test('ACCEPT: asked at half time and repeated; a price not lower is denied; the new price is pushed and bids start from it', async () => {
  const { t, sam, bea } = await samAndBea({ negotiateRepeatMs: 200 });
  expect(await sam.udp.request('LIST_ITEM 2 lamp Brass lamp 10.00 100')).toBe('ITEM_LISTED 2');
  expect(await bea.udp.request('SUBSCRIBE 2 lamp')).toBe('SUBSCRIBED 2');
  const watcher = await parties.udp(t.server); // an unregistered watcher sees public events (§5 Watching)
  const cookie = (await watcher.request('WATCH 1')).split(' ')[2];
  expect(await watcher.request(`WATCH 2 ${cookie}`)).toBe('WATCHING 2 60');
  expect(negotiateReqs(sam.udp, 'lamp')).toEqual([]); // not before half time
  t.advanceClock(50_000); // half time (the watch, 60 s, still runs)
  const ask = await sam.udp.next(/^NEGOTIATE_REQ /);
  expect(ask).toMatch(/^NEGOTIATE_REQ \d+ lamp 10\.00 \d+$/);
  expect(left(ask)).toBeLessThanOrEqual(50);
  const rq = ask.split(' ')[1];
  // repeated with the same RQ# until answered
  expect(await sam.udp.next(/^NEGOTIATE_REQ /)).toBe(ask);
  expect(negotiateReqs(bea.udp, 'lamp')).toEqual([]); // only the seller is asked

  expect(await sam.udp.request(`ACCEPT ${rq} lamp 10.00`)).toBe(
    `NEGOTIATE-DENIED ${rq} New_Price must be lower than the current price 10.00`,
  );
  expect(await sam.udp.request(`ACCEPT ${rq} lamp 12`)).toBe(
    `NEGOTIATE-DENIED ${rq} New_Price must be lower than the current price 10.00`,
  );
  expect(await sam.udp.request(`ACCEPT ${Number(rq) + 1000} lamp 8`)).toBe(
    `NEGOTIATE-DENIED ${Number(rq) + 1000} RQ# ${Number(rq) + 1000} does not match the NEGOTIATE_REQ (${rq})`,
  );
  expect(await bea.udp.request(`ACCEPT ${rq} lamp 8`)).toBe(`NEGOTIATE-DENIED ${rq} You are not the seller of lamp`);
  const pushed = bea.udp.next(/^PRICE_ADJUSTMENT /);
  // the same RQ# with another price after a denial is a new request (§3)
  expect(await sam.udp.request(`ACCEPT ${rq} lamp 8.00`)).toMatch(
    new RegExp(`^PRICE_ADJUSTMENT ${rq} lamp 8\\.00 \\d+$`),
  );
  const asked = negotiateReqs(sam.udp, 'lamp').length;
  const push = await pushed;
  expect(push).toMatch(/^PRICE_ADJUSTMENT \d+ lamp 8\.00 \d+$/);
  expect(left(push)).toBeLessThanOrEqual(50);
  expect(await watcher.next(/^PRICE_ADJUSTMENT /)).toBe(push);
  expect(negotiateReqs(watcher, 'lamp')).toEqual([]); // the request itself is private to the seller
  expect(Number(push.split(' ')[1])).toBeGreaterThan(Number(rq));
  expect(await sam.udp.request(`ACCEPT ${rq} lamp 7`)).toBe(
    `NEGOTIATE-DENIED ${rq} The negotiation for lamp was already answered`,
  );
  expect(await bea.udp.request('BID 3 lamp 7.99')).toBe(
    'BID_REJECTED 3 Amount must be at least the current price 8.00',
  );
  expect(await bea.udp.request('BID 4 lamp 8')).toBe('BID_ACCEPTED 4');
  t.advanceClock(50_000); // the close
  expect(await sam.udp.next(/^AUCTION_CLOSED /)).toMatch(/^AUCTION_CLOSED \d+ lamp 8\.00 bea$/);
  expect(negotiateReqs(sam.udp, 'lamp')).toHaveLength(asked); // never asked again
  const au = Object.values(durable(t.dbPath).auctions).find((a) => a.item === 'lamp')!;
  expect(au).toMatchObject({ negotiation: 'accepted', priceCents: 800, startCents: 1000, negotiateRq: rq });
});

test('REFUSE: answered with REFUSED, nothing pushed, the price stays and the seller is not asked again', async () => {
  const { t, sam, bea } = await samAndBea({ negotiateRepeatMs: 200 });
  await sam.udp.request('LIST_ITEM 2 vase Blue vase 20.00 100');
  await bea.udp.request('SUBSCRIBE 2 vase');
  t.advanceClock(50_000); // half time
  const rq = (await sam.udp.next(/^NEGOTIATE_REQ \d+ vase 20\.00 /)).split(' ')[1];
  expect(await sam.udp.request(`REFUSE ${rq} vase REJECT`)).toBe(`REFUSED ${rq} vase`);
  const asked = negotiateReqs(sam.udp, 'vase').length;
  expect(await sam.udp.request(`ACCEPT ${rq} vase 15`)).toBe(
    `NEGOTIATE-DENIED ${rq} The negotiation for vase was already answered`,
  );
  expect(await sam.udp.request(`REFUSE ${Number(rq) + 1} vase REJECT`)).toBe(
    `NEGOTIATE-DENIED ${Number(rq) + 1} The negotiation for vase was already answered`,
  );
  t.advanceClock(50_000); // the close
  expect(await bea.udp.next(/^AUCTION_CLOSED /)).toMatch(/^AUCTION_CLOSED \d+ vase 20\.00 -$/);
  expect(bea.udp.received.filter((r) => r.startsWith('PRICE_ADJUSTMENT '))).toEqual([]);
  expect(negotiateReqs(sam.udp, 'vase')).toHaveLength(asked);
  expect(Object.values(durable(t.dbPath).auctions)[0]).toMatchObject({ negotiation: 'refused', priceCents: 2000 });
});

test('a bid ends the negotiation: ACCEPT after it is denied, and an auction with an early bid is never negotiated', async () => {
  const { t, sam, bea } = await samAndBea({ negotiateRepeatMs: 200 });
  await sam.udp.request('LIST_ITEM 2 pen Fountain pen 10.00 100');
  await sam.udp.request('LIST_ITEM 3 cup Tea cup 10.00 100');
  expect(await bea.udp.request('BID 2 cup 10')).toBe('BID_ACCEPTED 2');
  t.advanceClock(50_000); // half time
  const rq = (await sam.udp.next(/^NEGOTIATE_REQ \d+ pen /)).split(' ')[1];
  expect(await bea.udp.request('BID 3 pen 10')).toBe('BID_ACCEPTED 3');
  expect(await sam.udp.request(`ACCEPT ${rq} pen 8`)).toBe(
    `NEGOTIATE-DENIED ${rq} pen has a bid now; the price can no longer be lowered`,
  );
  expect(await sam.udp.request(`REFUSE ${rq} pen REJECT`)).toBe(
    `NEGOTIATE-DENIED ${rq} pen has a bid now; the price can no longer be lowered`,
  );
  const asked = negotiateReqs(sam.udp, 'pen').length;
  t.advanceClock(50_000); // the close
  await sam.udp.next(/^AUCTION_CLOSED \d+ pen 10\.00 bea$/);
  await sam.udp.next(/^AUCTION_CLOSED \d+ cup 10\.00 bea$/);
  expect(negotiateReqs(sam.udp, 'pen')).toHaveLength(asked); // repeats stopped with the bid
  expect(negotiateReqs(sam.udp, 'cup')).toEqual([]);
});

test('the request goes out at half time even when its timer fires a little before the clock says it is due', async () => {
  // Node timers may fire slightly early against the wall clock; a server clock running 20% slow
  // makes every timer fire early, deterministically. Half time is then 2.5 s of real time; a request
  // given up at its first (early) timer would only be sent when the close timer re-arms (~4 s). (This
  // one is about real timers, so it runs on the wall clock: 4 s, not 2, leaves a busy machine a second.)
  const began = Date.now();
  const t = await start({ negotiateRepeatMs: 200, now: () => began + Math.floor((Date.now() - began) * 0.8) });
  const sam = await parties.register(t.server, 'sam', 'seller');
  const listedAt = Date.now();
  await sam.udp.request('LIST_ITEM 2 lute Old lute 10.00 4');
  expect(await sam.udp.next(/^NEGOTIATE_REQ /)).toMatch(/^NEGOTIATE_REQ \d+ lute 10\.00 [12]$/);
  expect(Date.now() - listedAt).toBeLessThan(3500);
});

describe('with the server process', () => {
  const cleanups: Array<() => void> = [];
  let server: ServerProcess | null = null;
  afterEach(async () => {
    await server?.kill('SIGKILL');
    server = null;
    for (const c of cleanups.splice(0)) c();
  });

  test('an unanswered NEGOTIATE_REQ survives SIGKILL (same RQ#), and once answered it is never asked again', async () => {
    const { db, args } = tempDb(cleanups, ['--negotiate-repeat', '200']);
    server = await spawnServer(args, {}, { testClock: true });
    let sam = await parties.register(server, 'sam', 'seller');
    let bea = await parties.register(server, 'bea', 'buyer');
    await sam.udp.request('LIST_ITEM 2 harp Small harp 50.00 600');
    await bea.udp.request('SUBSCRIBE 2 harp');
    await server.advanceClock(300_000); // half time
    const ask = await sam.udp.next(/^NEGOTIATE_REQ /);
    const rq = ask.split(' ')[1];
    await server.kill('SIGKILL');

    // restarted (its clock still past half time): the seller, logged in from a new socket, is asked
    // again with the same RQ#
    server = await spawnServer(args, {}, { testClock: 300_000 });
    const samUdp = await parties.udp(server);
    const beaUdp = await parties.udp(server);
    expect(await samUdp.request(`LOGIN 1 sam ${SECRET} 127.0.0.1 ${samUdp.port} ${sam.tcp.port}`)).toBe(
      'LOGGED_IN 1 seller',
    );
    expect(await beaUdp.request(`LOGIN 1 bea ${SECRET} 127.0.0.1 ${beaUdp.port} ${bea.tcp.port}`)).toBe(
      'LOGGED_IN 1 buyer',
    );
    sam = { ...sam, udp: samUdp };
    bea = { ...bea, udp: beaUdp };
    expect(await sam.udp.next(/^NEGOTIATE_REQ /)).toMatch(new RegExp(`^NEGOTIATE_REQ ${rq} harp 50\\.00 \\d+$`));
    const pushed = bea.udp.next(/^PRICE_ADJUSTMENT /);
    expect(await sam.udp.request(`ACCEPT ${rq} harp 40`)).toMatch(
      new RegExp(`^PRICE_ADJUSTMENT ${rq} harp 40\\.00 \\d+$`),
    );
    expect(await pushed).toMatch(/^PRICE_ADJUSTMENT \d+ harp 40\.00 \d+$/); // the subscription survived too
    await server.kill('SIGKILL');
    expect(Object.values(durable(db).auctions)[0]).toMatchObject({
      negotiation: 'accepted',
      priceCents: 4000,
      status: 'open',
    });

    // restarted again, past its close: answered, so never asked again; it closes at the negotiated price
    const asked = samUdp.received.filter((r) => r.startsWith('NEGOTIATE_REQ ')).length;
    server = await spawnServer(args, {}, { testClock: 601_000 });
    expect(await samUdp.next(/^AUCTION_CLOSED /)).toMatch(/^AUCTION_CLOSED \d+ harp 40\.00 -$/); // still bound there
    expect(samUdp.received.filter((r) => r.startsWith('NEGOTIATE_REQ '))).toHaveLength(asked);
    expect(await sam.tcp.next(/^NON_OFFER /)).toMatch(/^NON_OFFER \d+ harp$/);
    await server.events.delivered('harp', ['seller']); // NON_OFFER recorded
    expect(durable(db).closures[Object.keys(durable(db).auctions)[0]].seller.delivered).toBe(true);
  });
});
