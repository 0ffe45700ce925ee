// Issue 20.6 over real UDP: a server on `--host ::` (dual stack) sees an IPv4 client as
// `::ffff:127.0.0.1`; the client registers as `127.0.0.1`. Every address is canonical (server/ip.ts),
// so the binding made by REGISTER is the one every later request is looked up by.
import dgram from 'node:dgram';
import { inProcessServer, type InProcessServer } from '../support/server.js';
import type { UdpPeer } from '../support/udp-peer.js';

/** Whether this machine can bind a dual-stack IPv6 socket at all (some CI containers have no IPv6). */
async function dualStack(): Promise<boolean> {
  const s = dgram.createSocket('udp6');
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.bind(0, '::', () => resolve());
    });
    return true;
  } catch {
    return false;
  } finally {
    s.close();
  }
}

const haveIpv6 = await dualStack();
const maybe = haveIpv6 ? describe : describe.skip;
const SECRET = 'dual-stack-secret-0123456789';

maybe('--host :: with IPv4 clients', () => {
  let t: InProcessServer;
  /** IPv4 peers send to the server's port on 127.0.0.1, which the `::` socket also receives. */
  const peer = async (): Promise<UdpPeer> => {
    const { UdpPeer } = await import('../support/udp-peer.js');
    const p = await UdpPeer.open({ host: '127.0.0.1', udpPort: t.server.udpPort });
    t.peers.push(p);
    return p;
  };
  const cookieOf = async (p: UdpPeer, rq: number): Promise<string> => (await p.request(`WATCH ${rq}`)).split(' ')[2];

  beforeAll(async () => {
    // `::` is not loopback: the default is --addresses verified, so every REGISTER carries its cookie
    t = await inProcessServer({ host: '::' });
  });
  afterAll(async () => {
    await t.close();
  });

  test('an IPv4 client registered as 127.0.0.1 is that account for LIST_ITEM, BID and DE-REGISTER', async () => {
    const s = await peer();
    expect(await s.request(`REGISTER 2 ivy seller 127.0.0.1 ${s.port} 9 ${SECRET} ${await cookieOf(s, 1)}`)).toBe(
      'REGISTERED 2',
    );
    expect(await s.request('LIST_ITEM 3 teapot A dual-stack teapot 1.00 60')).toBe('ITEM_LISTED 3');
    const b = await peer();
    expect(await b.request(`REGISTER 5 ned buyer 127.0.0.1 ${b.port} 9 ${SECRET} ${await cookieOf(b, 4)}`)).toBe(
      'REGISTERED 5',
    );
    expect(await b.request('BID 6 teapot 2.00')).toBe('BID_ACCEPTED 6');
    expect(await b.request('DE-REGISTER 7 ned')).toMatch(/^DE-REGISTER/);
  });

  test('the mapped spelling of the same address binds the same canonical address', async () => {
    const p = await peer();
    const cookie = await cookieOf(p, 1);
    expect(await p.request(`REGISTER 2 ola buyer ::FFFF:127.0.0.1 ${p.port} 9 ${SECRET} ${cookie}`)).toBe(
      'REGISTERED 2',
    );
    expect(await p.request('SUBSCRIBE 3 teapot')).toMatch(/^SUBSCRIBED 3/);
    expect(t.server.snapshot().accounts.ola?.ip).toBe('127.0.0.1');
    // a LOGIN from another IPv4 socket moves the binding there (and the reply reaches it)
    const q = await peer();
    expect(await q.request(`LOGIN 4 ola ${SECRET} 127.0.0.1 ${q.port} 9 ${await cookieOf(q, 5)}`)).toMatch(
      /^LOGGED_IN 4/,
    );
    expect(await q.request('BID 6 teapot 3.00')).toBe('BID_ACCEPTED 6');
  });
});
