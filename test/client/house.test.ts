// The client core given several servers (`--server A,B`, PROTOCOL.md §9): when the one it is on stops
// answering it moves to the next, logs in there, subscribes again, resyncs, and sends the request that
// had no answer there with the same RQ# and text. Two plain servers with their own db stand in for a
// house (the client cannot tell); real UDP sockets on 127.0.0.1 throughout.
import dgram from 'node:dgram';
import { AuctionClient } from '../../shared/client/auction-client.js';
import { waitFor, waitForConnection } from '../../shared/client/bot.js';
import type { ClientEvents, ClientOptions, Identity, ServerAddress } from '../../shared/client/types.js';
import { inProcessServer, type InProcessServer } from '../support/server.js';

// 1.5 s of retransmissions: a reply that slow on a loaded machine would count as a silent server, and move the client.
const fast = { retryInitialMs: 100, retryTries: 4, probeEveryMs: 200, catalogEveryMs: 0, heartbeatMs: 200 };
const person = (name: string, role: 'buyer' | 'seller'): Identity => ({
  name,
  role,
  secret: `${name}-secret-0123456789`,
});
const addr = (s: InProcessServer): ServerAddress => ({ host: '127.0.0.1', port: s.server.udpPort });

/** A server that answers the session's requests and then goes quiet on a BID: it hung mid-request. */
async function hangsOnBid() {
  const socket = dgram.createSocket('udp4');
  const bids: string[] = [];
  socket.on('message', (buf, from) => {
    const text = buf.toString('utf8');
    const [cmd, rq] = text.split(' ');
    const answer = (reply: string) => socket.send(reply, from.port, from.address);
    if (cmd === 'WATCH') answer(`WATCH-CHALLENGE ${rq} cookie-1`);
    else if (cmd === 'LOGIN') answer(`LOGGED_IN ${rq} buyer`);
    else if (cmd === 'CATALOG') answer(`CATALOG_END ${rq} 0 0 - 1`);
    else if (cmd === 'BID') bids.push(text);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    address: { host: '127.0.0.1', port: socket.address().port },
    bids,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

describe('AuctionClient with several servers', () => {
  const servers: InProcessServer[] = [];
  const clients: AuctionClient[] = [];
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.close().catch(() => undefined)));
    await Promise.all(cleanups.splice(0).map((f) => f()));
  });

  async function boot(): Promise<InProcessServer> {
    const s = await inProcessServer();
    servers.push(s);
    return s;
  }
  async function connect(opts: ClientOptions): Promise<AuctionClient> {
    const c = await AuctionClient.create({ register: true, ...fast, ...opts });
    clients.push(c);
    return c;
  }
  /** The same lot on a server, listed by its own seller: what a house would share. */
  async function listLamp(s: InProcessServer, startCents = 500): Promise<void> {
    const seller = await connect({ server: addr(s), identity: person('sam', 'seller') });
    const out = await seller.listItem('lamp', 'a red lamp', startCents, 600);
    expect(out).toMatchObject({ reply: { type: 'ITEM_LISTED' } });
  }

  test('the first stops: the client moves to the second, logs in, subscribes again, and a bid goes through', async () => {
    const [a, b] = [await boot(), await boot()];
    await listLamp(a);
    await listLamp(b, 520); // its own price: the catalog after the move shows the second server's
    const bob = await connect({ server: [addr(a), addr(b)], identity: person('bob', 'buyer') });
    expect(bob.server).toEqual(addr(a));
    expect(bob.catalogEntries.map((e) => [e.item, e.currentPrice])).toEqual([['lamp', 500]]);
    expect(await bob.subscribe('lamp')).toMatchObject({ ok: true, reply: { type: 'SUBSCRIBED' } });

    const moved = waitFor(bob, 'server');
    const resubscribed = b.events.until('subscribed', (e) => e.name === 'bob' && e.item === 'lamp' && e.subscribed);
    const session = waitFor(bob, 'session');
    const resynced = waitFor(bob, 'catalog');
    await a.close();
    servers.splice(servers.indexOf(a), 1);
    // Sent before the client has noticed: it goes to the silent server first, then to the next one.
    const bid = bob.bid('lamp', 600);

    expect(await moved).toEqual({ server: addr(b), from: addr(a), answered: true });
    expect(await session).toEqual({ name: 'bob', role: 'buyer' }); // registered there with its secret
    await resubscribed;
    expect((await resynced).map((e) => [e.item, e.currentPrice])).toEqual([['lamp', 520]]);
    expect(await bid).toMatchObject({ ok: true, reply: { type: 'BID_ACCEPTED' } });
    await b.events.until('bid', (e) => e.bidder === 'bob' && e.cents === 600);
    expect(bob.server).toEqual(addr(b));
    expect(bob.connection.state).toBe('online');
  });

  test('a request the server never answered goes to the next one with the same RQ# and text', async () => {
    const hung = await hangsOnBid();
    cleanups.push(hung.close);
    const b = await boot();
    await listLamp(b);
    const bob = await connect({ server: [hung.address, addr(b)], identity: person('bob', 'buyer') });
    expect(bob.session).toEqual({ name: 'bob', role: 'buyer' });

    const out = await bob.bid('lamp', 650);
    expect(out).toMatchObject({ ok: true, reply: { type: 'BID_ACCEPTED' } });
    expect(hung.bids.length).toBeGreaterThan(0);
    // Every copy the hung server got is the one text; the next server answered that RQ#, at that amount.
    expect(new Set(hung.bids)).toEqual(new Set([`BID ${out.ok ? out.reply.rq : '?'} lamp 6.50`]));
    await b.events.until('bid', (e) => e.bidder === 'bob' && e.cents === 650);
    expect(bob.server).toEqual(addr(b));
  });

  test('none answers: round robin, told once as a move away from an answering server', async () => {
    const [a, b] = [await boot(), await boot()];
    const bob = await connect({ server: [addr(a), addr(b)], identity: person('bob', 'buyer') });
    const moves: Array<ClientEvents['server'][0]> = [];
    bob.on('server', (m) => moves.push(m));
    const third = new Promise<void>((resolve) => bob.on('server', () => moves.length >= 3 && resolve()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await third;
    expect(moves.slice(0, 3)).toEqual([
      { server: addr(b), from: addr(a), answered: true },
      { server: addr(a), from: addr(b), answered: false },
      { server: addr(b), from: addr(a), answered: false },
    ]);
    expect(bob.connection.state).toBe('offline');
    // A bid while no server answers: unanswered after one round of the house, its RQ# kept for a resend.
    const out = await bob.bid('lamp', 600);
    expect(out).toMatchObject({ ok: false, timeout: true, rq: expect.stringMatching(/^\d+$/) });
  });

  test('one server in the list is one server: offline, and no move', async () => {
    const a = await boot();
    const bob = await connect({ server: [addr(a)], identity: person('bob', 'buyer') });
    const moves: unknown[] = [];
    bob.on('server', (m) => moves.push(m));
    const offline = waitForConnection(bob, 'offline');
    await a.close();
    servers.splice(0);
    await offline;
    expect(await bob.bid('lamp', 600)).toMatchObject({ ok: false, timeout: true });
    expect(moves).toEqual([]);
    expect(bob.server).toEqual(addr(a));
  });

  test('an empty list is refused at once', () => {
    expect(() => new AuctionClient({ server: [] })).toThrow(/no server/);
  });
});
