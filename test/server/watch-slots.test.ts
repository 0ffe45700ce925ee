// Issue 20.4 over real UDP: WATCH slots are capped per source IP (loopback has all of 127.0.0.0/8, so
// 127.0.0.71 and 127.0.0.72 are two sources), so one address cannot take every slot; with the limits
// applied to everyone (`limits: 'all'`; loopback is exempt by default, as for the other limits).
import { inProcessServer, type InProcessServer } from '../support/server.js';
import type { UdpPeer } from '../support/udp-peer.js';
import { WATCHES_PER_SOURCE } from '../../server/watchers.js';

let t: InProcessServer;
afterEach(async () => {
  await t.close();
});

/** The full handshake from `p`: WATCH, then WATCH with the cookie; the second answer. */
async function watch(p: UdpPeer): Promise<string> {
  const challenge = await p.request('WATCH 1');
  return p.request(`WATCH 2 ${challenge.split(' ')[2]}`);
}

test('one address gets its share of the watch slots; another address still gets one', async () => {
  t = await inProcessServer({ limits: 'all', maxWatchers: WATCHES_PER_SOURCE + 2 });
  const answers: string[] = [];
  for (let i = 0; i < WATCHES_PER_SOURCE + 4; i++) answers.push(await watch(await t.peer('127.0.0.71')));
  expect(answers.filter((a) => /^WATCHING 2 \d+$/.test(a))).toHaveLength(WATCHES_PER_SOURCE);
  expect(answers.slice(WATCHES_PER_SOURCE)).toEqual(
    Array<string>(4).fill('WATCH-DENIED 2 Too many watchers from this address; try again later'),
  );
  // a renewal from an address that already watches is no new slot: granted
  const first = t.peers[0];
  expect(await first.request(`WATCH 3 ${(await first.request('WATCH 4')).split(' ')[2]}`)).toMatch(/^WATCHING 3 /);
  // another source: its own share (two slots left on this server)
  expect(await watch(await t.peer('127.0.0.72'))).toMatch(/^WATCHING 2 \d+$/);
  expect(await watch(await t.peer('127.0.0.72'))).toMatch(/^WATCHING 2 \d+$/);
  // the server itself is full now: the same answer as before for everyone
  expect(await watch(await t.peer('127.0.0.73'))).toBe('WATCH-DENIED 2 Too many watchers; try again later');
});

test('watchers from one address all hear a BID_UPDATE; the capped ones are not watching', async () => {
  t = await inProcessServer({ limits: 'all' });
  const seller = await t.peer();
  await seller.register(1, 'sam', 'seller');
  expect(await seller.request('LIST_ITEM 2 lamp a red lamp 1.00 600')).toBe('ITEM_LISTED 2');
  const watchers: UdpPeer[] = [];
  for (let i = 0; i < WATCHES_PER_SOURCE + 1; i++) {
    const p = await t.peer('127.0.0.71');
    await watch(p);
    watchers.push(p);
  }
  const buyer = await t.peer('127.0.0.72');
  await buyer.register(1, 'bob', 'buyer');
  expect(await buyer.request('BID 2 lamp 2.00')).toBe('BID_ACCEPTED 2');
  await Promise.all(watchers.slice(0, WATCHES_PER_SOURCE).map((w) => w.next(/^BID_UPDATE \d+ lamp 2\.00 bob /)));
  const capped = watchers[WATCHES_PER_SOURCE];
  expect(await capped.request('CATALOG 9')).toBe('CATALOG-DENIED 9 Address not verified: WATCH or LOGIN first');
});
