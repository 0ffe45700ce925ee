// §3 v1.1: the reply to every request whose change is on disk survives a crash or restart for the
// reply-cache window. A client retrying its acknowledged BID after the server came back gets the same
// BID_ACCEPTED, never a BID_REJECTED for its own bid (issue 13 part 5). Real processes, real SIGKILL.
import { readdirSync } from 'node:fs';
import path from 'node:path';
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

/** A peer that keeps its UDP socket (its address: the reply cache's key) across server restarts. */
async function peer(): Promise<UdpPeer> {
  const p = await UdpPeer.open(server!);
  peers.push(p);
  return p;
}

async function restart(args: string[], signal: NodeJS.Signals): Promise<void> {
  await server!.kill(signal);
  server = await spawnServer(args);
  for (const p of peers) p.retarget(server);
}

test.each(['SIGKILL', 'SIGTERM'] as const)(
  'after %s and restart, retried requests get their first replies: BID_ACCEPTED, REGISTERED, ITEM_LISTED',
  async (signal) => {
    const { args } = tempDb(cleanups);
    server = await spawnServer(args);
    const sam = await peer();
    const bea = await peer();
    const register = `REGISTER 1 bea buyer 127.0.0.1 ${bea.port} 9 bea-secret-0123456789`;
    expect(await sam.register(1, 'sam', 'seller')).toBe('REGISTERED 1');
    expect(await bea.request(register)).toBe('REGISTERED 1');
    expect(await sam.request('LIST_ITEM 2 lamp Brass lamp 5.00 600')).toBe('ITEM_LISTED 2');
    expect(await bea.request('BID 7 lamp 5.00')).toBe('BID_ACCEPTED 7');
    await restart(args, signal);
    // the same datagrams from the same sockets: answered from memory, not executed again
    expect(await bea.request('BID 7 lamp 5.00')).toBe('BID_ACCEPTED 7');
    expect(await bea.request(register)).toBe('REGISTERED 1');
    expect(await sam.request('LIST_ITEM 2 lamp Brass lamp 5.00 600')).toBe('ITEM_LISTED 2');
    // …while a new request is executed as ever: the bid is there, and once only
    expect(await bea.request('BID 8 lamp 5.00')).toBe(
      'BID_REJECTED 8 Amount must be at least 5.01 (highest bid 5.00 + 0.01)',
    );
    await restart(args, signal); // and again: the memory survives a second restart too
    expect(await bea.request('BID 7 lamp 5.00')).toBe('BID_ACCEPTED 7');
  },
);

test('a retried BID is answered BID_ACCEPTED after SIGKILL even once a snapshot has covered it', async () => {
  const { db, args } = tempDb(cleanups, ['--snapshot-min-kb', '4']);
  server = await spawnServer(args);
  const sam = await peer();
  const bea = await peer();
  const cy = await peer();
  await sam.register(1, 'sam', 'seller');
  await bea.register(1, 'bea', 'buyer');
  await cy.register(1, 'cy', 'buyer');
  await sam.request('LIST_ITEM 2 lamp Brass lamp 1.00 600');
  expect(await bea.request('BID 2 lamp 1.00')).toBe('BID_ACCEPTED 2');
  // enough bids after it for several snapshots, each retiring the log segment that held bea's bid
  for (let i = 0; i < 120; i++) expect(await cy.request(`BID ${100 + i} lamp ${2 + i}.00`)).toMatch(/^BID_ACCEPTED /);
  const walsBefore = readdirSync(path.dirname(db)).filter((f) => f.includes('.wal.')).length;
  expect(walsBefore).toBeGreaterThan(1); // covered segments kept for their replies
  await restart(args, 'SIGKILL');
  expect(await bea.request('BID 2 lamp 1.00')).toBe('BID_ACCEPTED 2');
  expect(await cy.request('BID 219 lamp 121.00')).toBe('BID_ACCEPTED 219');
});
