// Issue 20.12: `--events` output (stdout, often kept by whoever runs the server) carries no maximum
// (§5: a maximum never leaves the server): a max-bid line says who set one on what, not how much.
import { spawnServer, tempDb, type ServerProcess } from '../support/server.js';
import { UdpPeer } from '../support/udp-peer.js';

const cleanups: Array<() => void> = [];
const peers: UdpPeer[] = [];
let server: ServerProcess | null = null;
afterEach(async () => {
  for (const p of peers.splice(0)) p.close();
  await server?.kill('SIGKILL');
  server = null;
  for (const c of cleanups.splice(0)) c();
});

test('a max-bid event is printed without its maximum', async () => {
  server = await spawnServer(tempDb(cleanups).args);
  const sam = await UdpPeer.open(server);
  const bea = await UdpPeer.open(server);
  peers.push(sam, bea);
  await sam.register(1, 'sam', 'seller');
  await bea.register(1, 'bea', 'buyer');
  expect(await sam.request('LIST_ITEM 2 lamp Brass lamp 5.00 600')).toBe('ITEM_LISTED 2');
  expect(await bea.request('MAX_BID 3 lamp 987.65')).toBe('MAX_BID_SET 3 lamp 5.00 bea');
  const e = await server.events.until('max-bid', (x) => x.bidder === 'bea');
  expect(e).toEqual({ auctionId: expect.any(String), item: 'lamp', bidder: 'bea' });
  const lines = server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('event '));
  expect(lines).toContainEqual(expect.stringMatching(/^event max-bid \{.*"bidder":"bea"/));
  expect(lines.filter((l) => l.includes('98765') || l.includes('987.65'))).toEqual([]);
  expect(lines).toContainEqual(expect.stringMatching(/^event bid \{.*"cents":500/)); // bids are public
});
