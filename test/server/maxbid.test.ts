// §5 Maximum (proxy) bids and increments over real UDP and TCP: each case of the contest as the seller,
// a subscriber and two watchers see it (the BID_UPDATE sequence), ebay increments at band edges, the
// maximum in no datagram to anyone else, a maximum surviving SIGKILL, and the winner paying the price.
import { readDurableState } from '../../server/store/log-store.js';
import type { ServerOptions } from '../../server/server.js';
import { BUYER_CARD, FUTURE_EXP, informRes, Parties, SECRET, SELLER_CARD } from '../lifecycle/helpers.js';
import { inProcessServer, spawnServer, tempDb, type InProcessServer, type ServerProcess } from '../support/server.js';
import type { UdpPeer } from '../support/udp-peer.js';

let t: InProcessServer | null = null;
const parties = new Parties();
afterEach(async () => {
  await parties.closeAll();
  await t?.close();
  t = null;
});

async function watch(p: UdpPeer): Promise<void> {
  const cookie = (await p.request('WATCH 1')).split(' ')[2];
  expect(await p.request(`WATCH 2 ${cookie}`)).toMatch(/^WATCHING 2 /);
}

/** A lamp at 10.00 listed by sam; ann, bob and a subscriber registered; two unregistered watchers. */
async function floor(opts: ServerOptions = {}) {
  t = await inProcessServer(opts);
  const [sam, ann, bob, sub, w1, w2] = await Promise.all(Array.from({ length: 6 }, () => t!.peer()));
  await sam.register(1, 'sam', 'seller');
  await ann.register(1, 'ann', 'buyer');
  await bob.register(1, 'bob', 'buyer');
  await sub.register(1, 'sub', 'buyer');
  await Promise.all([watch(w1), watch(w2)]);
  expect(await sam.request('LIST_ITEM 2 lamp Brass lamp 10.00 600')).toBe('ITEM_LISTED 2');
  expect(await sub.request('SUBSCRIBE 2 lamp')).toBe('SUBSCRIBED 2');
  return { sam, ann, bob, sub, audience: [sam, sub, w1, w2] };
}

/** The next `n` BID_UPDATEs a peer receives, as "item amount bidder". */
async function updates(p: UdpPeer, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await p.next(/^BID_UPDATE /)).split(' ').slice(2, 5).join(' '));
  return out;
}

test.each([
  [
    'first MAX_BID leads at the current price',
    [['ann', 'MAX_BID 3 lamp 19.00', 'MAX_BID_SET 3 lamp 10.00 ann']],
    ['lamp 10.00 ann'],
  ],
  [
    'a plain BID under a maximum is accepted and answered at once',
    [
      ['ann', 'MAX_BID 3 lamp 19.00', 'MAX_BID_SET 3 lamp 10.00 ann'],
      ['bob', 'BID 3 lamp 12.00', 'BID_ACCEPTED 3'],
    ],
    ['lamp 10.00 ann', 'lamp 12.00 bob', 'lamp 12.01 ann'],
  ],
  [
    'a higher MAX_BID leads just above the old maximum',
    [
      ['ann', 'MAX_BID 3 lamp 19.00', 'MAX_BID_SET 3 lamp 10.00 ann'],
      ['bob', 'MAX_BID 3 lamp 25.00', 'MAX_BID_SET 3 lamp 19.01 bob'],
    ],
    ['lamp 10.00 ann', 'lamp 19.01 bob'],
  ],
  [
    'an equal MAX_BID: the first placed keeps the lead',
    [
      ['ann', 'MAX_BID 3 lamp 19.00', 'MAX_BID_SET 3 lamp 10.00 ann'],
      ['bob', 'MAX_BID 3 lamp 19.00', 'MAX_BID_SET 3 lamp 19.00 ann'],
    ],
    ['lamp 10.00 ann', 'lamp 19.00 bob', 'lamp 19.00 ann'],
  ],
  [
    'the leader raising its maximum moves nothing (no BID_UPDATE), then answers a higher bid',
    [
      ['ann', 'MAX_BID 3 lamp 19.00', 'MAX_BID_SET 3 lamp 10.00 ann'],
      ['ann', 'MAX_BID 4 lamp 30.00', 'MAX_BID_SET 4 lamp 10.00 ann'],
      ['bob', 'BID 3 lamp 25.00', 'BID_ACCEPTED 3'],
    ],
    ['lamp 10.00 ann', 'lamp 25.00 bob', 'lamp 25.01 ann'],
  ],
  [
    'a plain BID above the maximum takes the lead at its amount',
    [
      ['ann', 'MAX_BID 3 lamp 19.00', 'MAX_BID_SET 3 lamp 10.00 ann'],
      ['bob', 'BID 3 lamp 20.00', 'BID_ACCEPTED 3'],
    ],
    ['lamp 10.00 ann', 'lamp 20.00 bob'],
  ],
] as const)('%s: replies and the BID_UPDATE sequence every watcher sees', async (_label, steps, sequence) => {
  const f = await floor();
  for (const [who, request, reply] of steps) expect(await f[who].request(request)).toBe(reply);
  for (const p of f.audience) expect(await updates(p, sequence.length)).toEqual(sequence);
  // and nothing more: each recorded bid is one BID_UPDATE
  for (const p of f.audience)
    expect(p.received.filter((d) => d.startsWith('BID_UPDATE '))).toHaveLength(sequence.length);
});

test('--increments ebay: minimum next bids and proxy answers at band edges', async () => {
  const { ann, bob, sub } = await floor({ increments: 'ebay' });
  expect(await ann.request('MAX_BID 3 lamp 150.00')).toBe('MAX_BID_SET 3 lamp 10.00 ann');
  expect(await bob.request('BID 3 lamp 10.49')).toBe(
    'BID_REJECTED 3 Amount must be at least 10.50 (highest bid 10.00 + 0.50)',
  );
  expect(await bob.request('BID 4 lamp 24.99')).toBe('BID_ACCEPTED 4'); // answered +0.50: 25.49
  expect(await bob.request('BID 5 lamp 26.48')).toBe(
    'BID_REJECTED 5 Amount must be at least 26.49 (highest bid 25.49 + 1.00)',
  );
  expect(await bob.request('BID 6 lamp 99.99')).toBe('BID_ACCEPTED 6'); // band under 100.00: +1.00
  expect(await bob.request('BID 7 lamp 102.49')).toBe(
    'BID_REJECTED 7 Amount must be at least 103.49 (highest bid 100.99 + 2.50)',
  );
  expect(await bob.request('MAX_BID 8 lamp 149.00')).toBe('MAX_BID_SET 8 lamp 150.00 ann'); // +2.50, capped at 150.00
  expect(await updates(sub, 7)).toEqual([
    'lamp 10.00 ann',
    'lamp 24.99 bob',
    'lamp 25.49 ann',
    'lamp 99.99 bob',
    'lamp 100.99 ann',
    'lamp 149.00 bob',
    'lamp 150.00 ann',
  ]);
});

test('a maximum appears in no datagram to anyone but its bidder', async () => {
  const f = await floor();
  const { ann, bob, sam, sub } = f;
  expect(await ann.request('MAX_BID 3 lamp 77.77')).toBe('MAX_BID_SET 3 lamp 10.00 ann');
  expect(await bob.request('BID 3 lamp 20.00')).toBe('BID_ACCEPTED 3');
  expect(await ann.request('MAX_BID 4 lamp 88.88')).toBe('MAX_BID_SET 4 lamp 20.01 ann');
  expect(await bob.request('MAX_BID 4 lamp 50.00')).toBe('MAX_BID_SET 4 lamp 50.01 ann');
  expect(await bob.request('BID 5 lamp 50.01')).toMatch(/^BID_REJECTED 5 Amount must be at least 50\.02/);
  for (const p of f.audience) await updates(p, 5); // everything pushed has arrived
  await bob.request('CATALOG 6');
  await sub.request('CATALOG 2');
  const others = [bob, sam, ...f.audience];
  const seen = others.flatMap((p) => p.received);
  expect(seen.length).toBeGreaterThan(20);
  expect(seen.filter((d) => /77\.77|88\.88/.test(d))).toEqual([]);
  // the catalog shows the price and the leader, not the maximum
  expect(bob.received.some((d) => /^CATALOG_ITEM 6 lamp sam 50\.01 5 ann \d+ Brass lamp$/.test(d))).toBe(true);
});

describe('with the server process', () => {
  const cleanups: Array<() => void> = [];
  let server: ServerProcess | null = null;
  afterEach(async () => {
    await server?.kill('SIGKILL');
    server = null;
    for (const c of cleanups.splice(0)) c();
  });

  test('a maximum survives SIGKILL and a restart: it still answers bids, and the winner pays the price', async () => {
    const { db, args } = tempDb(cleanups);
    server = await spawnServer(args);
    const sam = await parties.register(server, 'sam', 'seller');
    const ann = await parties.register(server, 'ann', 'buyer');
    const bob = await parties.register(server, 'bob', 'buyer');
    expect(await sam.udp.request('LIST_ITEM 2 vase Blue vase 10.00 600')).toBe('ITEM_LISTED 2');
    expect(await ann.udp.request('MAX_BID 2 vase 60.00')).toBe('MAX_BID_SET 2 vase 10.00 ann');
    await server.kill('SIGKILL'); // acknowledged: the maximum is on disk
    expect(Object.values(readDurableState(db).auctions)[0].maxBid).toMatchObject({ bidder: 'ann', cents: 6000 });

    // on a new port, on the test clock (the close comes when the test says): bob logs in from a new socket
    server = await spawnServer(args, {}, { testClock: true });
    const bobUdp = await parties.udp(server);
    expect(await bobUdp.request(`LOGIN 1 bob ${SECRET} 127.0.0.1 ${bobUdp.port} ${bob.tcp.port}`)).toBe(
      'LOGGED_IN 1 buyer',
    );
    expect(await bobUdp.request('BID 3 vase 30.00')).toBe('BID_ACCEPTED 3');
    expect(await bobUdp.request('MAX_BID 4 vase 45.00')).toBe('MAX_BID_SET 4 vase 45.01 ann');
    // the close, now: WINNER and SOLD at the price, not ann's 60.00
    await server.advanceClock(600_000);
    const winner = await ann.tcp.next(/^WINNER /);
    expect(winner).toMatch(/^WINNER \d+ vase 45\.01 sam$/);
    expect(await sam.tcp.next(/^SOLD /)).toMatch(/^SOLD \d+ vase 45\.01 ann$/);
    expect(await sam.udp.next(/^AUCTION_CLOSED /)).toMatch(/^AUCTION_CLOSED \d+ vase 45\.01 ann$/);
    ann.tcp.send(informRes(await ann.tcp.next(/^INFORM_Req /), 'ann', BUYER_CARD, FUTURE_EXP, '1 Ann Street'));
    sam.tcp.send(informRes(await sam.tcp.next(/^INFORM_Req /), 'sam', SELLER_CARD, FUTURE_EXP, '2 Sam Road'));
    expect(await ann.tcp.next(/^PURCHASE_COMPLETE /)).toMatch(/^PURCHASE_COMPLETE \d+ vase 45\.01$/);
    await server.events.closure('vase', 'complete');
  });
});
