// AuctionClient's session logic against a scripted server made of a real UDP socket: what the client
// sends at startup, on a denied login, while watching, when the server goes away and comes back.
// (auction-client.test.ts runs the same client against the real server.)
import dgram from 'node:dgram';
import { AuctionClient } from '../../shared/client/auction-client.js';
import { waitFor, waitForConnection, waitForPush } from '../../shared/client/bot.js';
import type { ClientOptions } from '../../shared/client/types.js';

interface Seen {
  text: string;
  from: { address: string; port: number };
}

/** Just enough of the server for session logic: accounts, LOGIN/REGISTER, CATALOG, WATCH. */
async function scriptedServer(port = 0) {
  const socket = dgram.createSocket('udp4');
  const accounts = new Map<string, { secret: string; role: string }>();
  const seen: Seen[] = [];
  const listeners: Array<(s: Seen) => void> = [];
  // verify: like `--addresses verified`, REGISTER/LOGIN without the current cookie are denied
  const state = { notRegistered: false, watchSeconds: 60, cookie: 'cookie-1', verify: false };
  socket.on('message', (buf, from) => {
    const text = buf.toString('utf8');
    const s = { text, from: { address: from.address, port: from.port } };
    seen.push(s);
    listeners.forEach((l) => l(s));
    const t = text.split(' ');
    const [cmd, rq] = t;
    const answer = (reply: string) => socket.send(reply, from.port, from.address);
    const unverified = (cookieAt: number) => state.verify && t[cookieAt] !== state.cookie;
    const NOT_VERIFIED = 'Address not verified: send WATCH and repeat with its cookie';
    switch (cmd) {
      case 'REGISTER':
        if (unverified(8)) return answer(`REGISTER-DENIED ${rq} ${NOT_VERIFIED}`);
        if (accounts.has(t[2].toLowerCase())) return answer(`REGISTER-DENIED ${rq} Name ${t[2]} is taken`);
        accounts.set(t[2].toLowerCase(), { role: t[3], secret: t[7] });
        return answer(`REGISTERED ${rq}`);
      case 'LOGIN': {
        if (unverified(7)) return answer(`LOGIN-DENIED ${rq} ${NOT_VERIFIED}`);
        const a = accounts.get(t[2].toLowerCase());
        if (!a) return answer(`LOGIN-DENIED ${rq} No account ${t[2]}`);
        if (a.secret !== t[3]) return answer(`LOGIN-DENIED ${rq} Wrong secret`);
        state.notRegistered = false;
        return answer(`LOGGED_IN ${rq} ${a.role}`);
      }
      case 'CATALOG':
        // One page holding the one auction (an incremental Since_RQ page: nothing changed).
        if (t.length > 2 && t[2] !== '0') return answer(`CATALOG_END ${rq} 0 1 - 100`);
        answer(`CATALOG_ITEM ${rq} lamp sam 5.00 0 - 60 red lamp`);
        return answer(`CATALOG_END ${rq} 1 1 - 100`);
      case 'WATCH':
        return answer(
          t[2] === state.cookie ? `WATCHING ${rq} ${state.watchSeconds}` : `WATCH-CHALLENGE ${rq} ${state.cookie}`,
        );
      case 'BID':
        return answer(state.notRegistered ? `BID_REJECTED ${rq} Not registered` : `BID_ACCEPTED ${rq}`);
    }
  });
  await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', () => resolve()));
  return {
    port: socket.address().port,
    accounts,
    seen,
    state,
    push: (text: string, to: { ip: string; udpPort: number }) => socket.send(text, to.udpPort, to.ip),
    /** Resolves with the first datagram (from now on) that matches. */
    next: (match: (text: string) => boolean) =>
      new Promise<Seen>((resolve) => {
        const l = (s: Seen) => {
          if (!match(s.text)) return;
          listeners.splice(listeners.indexOf(l), 1);
          resolve(s);
        };
        listeners.push(l);
      }),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
type Scripted = Awaited<ReturnType<typeof scriptedServer>>;

const alice = { name: 'alice', role: 'buyer' as const, secret: 'alice-secret-0123456789' };
const fast = { retryInitialMs: 30, retryTries: 3, probeEveryMs: 100 };

describe('AuctionClient session logic', () => {
  const servers: Scripted[] = [];
  const clients: AuctionClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  async function server(port?: number) {
    const s = await scriptedServer(port);
    servers.push(s);
    return s;
  }
  function client(s: Scripted, opts: Partial<ClientOptions> = {}) {
    const c = new AuctionClient({ server: { host: '127.0.0.1', port: s.port }, ...fast, catalogEveryMs: 0, ...opts });
    clients.push(c);
    return c;
  }

  test('startup with register: LOGIN denied, REGISTER, LOGIN; announced address = the datagram source', async () => {
    const s = await server();
    const c = client(s, { identity: alice, register: true });
    const session = waitFor(c, 'session');
    const catalog = waitFor(c, 'catalog');
    await c.start();
    expect(await session).toEqual({ name: 'alice', role: 'buyer' });
    expect(await catalog).toEqual([
      { item: 'lamp', description: 'red lamp', currentPrice: 500, timeLeft: 60, seller: 'sam', bids: 0, leader: null },
    ]);
    expect(await c.ready()).toEqual({ ok: true, session: { name: 'alice', role: 'buyer' } });
    // a WATCH first: its challenge's cookie proves the address (§5 Address verification), for all three
    const sent = s.seen.filter((x, i) => s.seen.findIndex((y) => y.text === x.text) === i); // retransmissions once
    expect(sent.map((x) => x.text.split(' ')[0])).toEqual(['WATCH', 'LOGIN', 'REGISTER', 'LOGIN', 'CATALOG']);
    expect(sent[0].text).toMatch(/^WATCH \d+$/);
    for (const { text, from } of sent.slice(1, 4)) {
      const t = text.split(' ');
      // REGISTER RQ# Name Role IP UDP_Port TCP_Port Secret Cookie / LOGIN RQ# Name Secret IP UDP_Port TCP_Port Cookie
      expect([t[4], Number(t[5])]).toEqual([from.address, from.port]);
      expect(Number(t[6])).toBe(c.address.tcpPort);
      expect(t[t.length - 1]).toBe('cookie-1');
    }
    expect(c.connection.state).toBe('online');
    expect(c.connection.rttMs).toEqual(expect.any(Number));
  });

  test("a wrong secret is reported with the LOGIN's reason, not the REGISTER's", async () => {
    const s = await server();
    s.accounts.set('alice', { role: 'buyer', secret: 'some-other-secret-000' });
    await expect(
      AuctionClient.create({ server: { host: '127.0.0.1', port: s.port }, identity: alice, register: true, ...fast }),
    ).rejects.toThrow('Wrong secret');
  });

  test('a spectator answers the WATCH-CHALLENGE and renews before Seconds run out', async () => {
    const s = await server();
    s.state.watchSeconds = 1;
    const c = client(s);
    await c.start();
    expect(await c.ready()).toEqual({ ok: true, session: null });
    expect(s.seen.map((x) => x.text.replace(/ \d+/, ' #'))).toEqual(['WATCH #', 'WATCH # cookie-1', 'CATALOG #']);
    const renewal = await s.next((t) => t.startsWith('WATCH '));
    expect(renewal.text).toMatch(/^WATCH \d+ cookie-1$/);
  });

  test('repeated pushes (same type and RQ#) are emitted once', async () => {
    const s = await server();
    const c = client(s, { identity: alice, register: true });
    await c.start();
    await c.ready();
    const pushes: string[] = [];
    c.on('push', (m) => pushes.push(`${m.type} ${m.rq}`));
    const last = waitForPush(c, 'BID_UPDATE', 'lamp');
    s.push('NEGOTIATE_REQ 5 lamp 5.00 30', c.address);
    s.push('NEGOTIATE_REQ 5 lamp 5.00 28', c.address);
    s.push('BID_UPDATE 6 lamp 6.00 bob 27', c.address);
    expect(await last).toEqual({
      type: 'BID_UPDATE',
      rq: '6',
      item: 'lamp',
      highestBid: 600,
      bidder: 'bob',
      timeLeft: 27,
    });
    expect(pushes).toEqual(['NEGOTIATE_REQ 5', 'BID_UPDATE 6']);
  });

  test('server gone: offline, probes; server back on the same port: re-LOGIN, CATALOG, session', async () => {
    const s = await server();
    const c = client(s, { identity: alice, register: true, catalogEveryMs: 50 });
    await c.start();
    await c.ready();
    const offline = waitForConnection(c, 'offline');
    const accounts = s.accounts;
    await s.close();
    servers.splice(servers.indexOf(s), 1);
    await offline;

    const again = await server(s.port);
    accounts.forEach((v, k) => again.accounts.set(k, v)); // the real server keeps accounts in its db
    const session = waitFor(c, 'session');
    const catalog = waitFor(c, 'catalog');
    await waitForConnection(c, 'online');
    expect(await session).toEqual({ name: 'alice', role: 'buyer' });
    await catalog;
    const words = again.seen.map((x) => x.text.split(' ')[0]);
    expect(words.slice(0, 3)).toEqual(['CATALOG', 'LOGIN', 'CATALOG']); // probe, re-LOGIN, resync
  });

  test('a server that verifies addresses: the cookie it no longer accepts (new key) is fetched again, once', async () => {
    const s = await server();
    s.state.verify = true;
    const c = client(s, { identity: alice, register: true });
    await c.start();
    expect(await c.ready()).toEqual({ ok: true, session: { name: 'alice', role: 'buyer' } });
    s.state.cookie = 'cookie-2'; // as after a restart: the cookie the client holds is no longer valid
    s.seen.length = 0;
    expect(await c.login(alice)).toMatchObject({ ok: true, reply: { type: 'LOGGED_IN' } });
    const sent = [...new Set(s.seen.map((x) => x.text))]; // retransmissions once
    expect(sent.map((x) => (x.startsWith('LOGIN ') ? `LOGIN ${x.split(' ')[7]}` : x.replace(/ \d+$/, '')))).toEqual([
      'LOGIN cookie-1',
      'WATCH', // no cookie: asks for a new one
      'LOGIN cookie-2',
    ]);
  });

  test('"Not registered" while logged in: the session moved; no LOGIN by itself until takeSession()', async () => {
    const s = await server();
    const c = client(s, { identity: alice, register: true });
    await c.start();
    await c.ready();
    s.state.notRegistered = true; // as if alice had logged in from another terminal
    const moved = waitFor(c, 'sessionMoved');
    const out = await c.bid('lamp', 600);
    expect(out).toMatchObject({ ok: true, reply: { type: 'BID_REJECTED', reason: 'Not registered' } });
    expect(await moved).toEqual({ name: 'alice' });
    expect(c.session).toBeNull();
    // Taking the session back silently would take it from the other terminal, and the two would take
    // turns: after a round trip (a resync would have sent its LOGIN by now), no LOGIN went out.
    const bidAt = s.seen.map((x) => x.text.startsWith('BID ')).lastIndexOf(true);
    expect((await c.catalog()).ok).toBe(true);
    expect(s.seen.slice(bidAt).filter((x) => x.text.startsWith('LOGIN '))).toEqual([]);
    // The user asks for it: LOGIN, the session is back, bids go through.
    const session = waitFor(c, 'session');
    expect(await c.takeSession()).toMatchObject({ ok: true, session: { name: 'alice' } });
    await session;
    expect(await c.bid('lamp', 600)).toMatchObject({ ok: true, reply: { type: 'BID_ACCEPTED' } });
  });

  test('autoInform answers a checkout by itself', async () => {
    const s = await server();
    const c = client(s, {
      identity: alice,
      register: true,
      autoInform: { card: '4111111111111111', expiry: '12/99', address: '1 Main St' },
      now: () => Date.UTC(2090, 0, 1),
    });
    await c.start();
    await c.ready();
    const net = await import('node:net');
    const sock = net.connect(c.address.tcpPort, '127.0.0.1');
    const line = new Promise<string>((resolve) => {
      let buf = '';
      sock.on('data', (d) => {
        buf += d.toString();
        if (buf.includes('\n')) resolve(buf.slice(0, buf.indexOf('\n')));
      });
    });
    sock.write('WINNER 70 lamp 6.00 sam\nINFORM_Req 71 lamp 6.00\n');
    expect(await line).toBe('INFORM_Res 71 alice 4111111111111111 12/99 1 Main St');
    sock.destroy();
  });
});
