// The test clock (server/testing/test-clock.ts, AUCTION_TEST_CLOCK): what the e2e and lifecycle tests use
// to make "half time" and "the lot closes now" happen when they say so, on the real server process.
import { spawnServer, tempDb, type ServerProcess } from '../support/server.js';
import { UdpPeer } from '../support/udp-peer.js';

const cleanups: Array<() => void> = [];
let server: ServerProcess | null = null;
const peers: UdpPeer[] = [];
afterEach(async () => {
  for (const p of peers.splice(0)) p.close();
  await server?.kill('SIGKILL');
  server = null;
  for (const c of cleanups.splice(0)) c();
});

async function seller(s: ServerProcess): Promise<UdpPeer> {
  const p = await UdpPeer.open(s);
  peers.push(p);
  expect(await p.register(1, 'sam', 'seller')).toBe('REGISTERED 1');
  return p;
}

test('advance moves half time and the close to now: the negotiation is asked, then the lot closes', async () => {
  server = await spawnServer(tempDb(cleanups).args, {}, { testClock: true });
  const sam = await seller(server);
  expect(await sam.request('LIST_ITEM 2 harp Concert harp 50.00 3600')).toBe('ITEM_LISTED 2');
  await server.advanceClock(1_800_000); // half time
  await server.events.until('negotiation', (e) => e.item === 'harp' && e.step === 'asked', 30_000);
  expect(await sam.next(/^NEGOTIATE_REQ \d+ harp /, 30_000)).toMatch(/^NEGOTIATE_REQ \d+ harp 50\.00 /);
  expect(server.events.seen.some((e) => e.name === 'auction-closed')).toBe(false);
  await server.advanceClock(1_800_000); // the close
  expect(await server.events.until('auction-closed', (e) => e.item === 'harp', 30_000)).toMatchObject({
    winner: null,
  });
});

test('started ahead (AUCTION_TEST_CLOCK=+MS): a lot whose close passed while it was down closes at start', async () => {
  const { args } = tempDb(cleanups);
  server = await spawnServer(args);
  const sam = await seller(server);
  expect(await sam.request('LIST_ITEM 2 lute Old lute 5.00 600')).toBe('ITEM_LISTED 2');
  await server.kill('SIGKILL');
  server = await spawnServer(args, {}, { testClock: 601_000 });
  await server.events.until('auction-closed', (e) => e.item === 'lute', 30_000);
});
