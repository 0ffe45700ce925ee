// §5 "Address verification" over real UDP: under `--addresses verified` a REGISTER or LOGIN must carry
// the cookie a WATCH from its own address was challenged with; under `any` it may leave it out. The
// default depends on the address the server listens on. The client core proves its address by itself,
// so it works in both modes (issue 13 part 1).
import { AuctionClient } from '../../shared/client/auction-client.js';
import { inProcessServer, runServer, spawnServer, tempDb, type InProcessServer } from '../support/server.js';
import { UdpPeer } from '../support/udp-peer.js';

const NOT_VERIFIED = 'Address not verified: send WATCH and repeat with its cookie';
const SECRET = 'test-secret-0123456789';
const servers: InProcessServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
async function start(opts: Parameters<typeof inProcessServer>[0]): Promise<InProcessServer> {
  const t = await inProcessServer(opts);
  servers.push(t);
  return t;
}
const cookieOf = async (p: UdpPeer, rq = 1): Promise<string> => (await p.request(`WATCH ${rq}`)).split(' ')[2];

test('--addresses verified: a cookie-less REGISTER or LOGIN is denied; with its own cookie it is accepted', async () => {
  const t = await start({ addresses: 'verified' });
  const p = await t.peer();
  const reg = `REGISTER 1 ann buyer 127.0.0.1 ${p.port} 9 ${SECRET}`;
  expect(await p.request(reg)).toBe(`REGISTER-DENIED 1 ${NOT_VERIFIED}`);
  const cookie = await cookieOf(p, 2);
  expect(await p.request(`${reg.replace('REGISTER 1', 'REGISTER 3')} ${cookie}`)).toBe('REGISTERED 3');
  // LOGIN from another address: its own cookie, not ann's
  const q = await t.peer();
  const login = `LOGIN 4 ann ${SECRET} 127.0.0.1 ${q.port} 9`;
  expect(await q.request(login)).toBe(`LOGIN-DENIED 4 ${NOT_VERIFIED}`);
  expect(await q.request(`${login} ${cookie}`)).toBe(`LOGIN-DENIED 4 ${NOT_VERIFIED}`); // someone else's cookie
  expect(await q.request(`LOGIN 5 ann ${SECRET} 127.0.0.1 ${q.port} 9 ${await cookieOf(q, 6)}`)).toBe(
    'LOGGED_IN 5 buyer',
  );
  // a course client (no secret, so no cookie either) cannot register here
  const course = await t.peer();
  expect(await course.request(`REGISTER 7 bob buyer 127.0.0.1 ${course.port} 9`)).toBe(
    `REGISTER-DENIED 7 ${NOT_VERIFIED}`,
  );
});

test('--addresses any (the default on a loopback address): REGISTER and LOGIN need no cookie', async () => {
  const t = await start({});
  const p = await t.peer();
  expect(await p.request(`REGISTER 1 ann buyer 127.0.0.1 ${p.port} 9`)).toBe('REGISTERED 1');
  expect(await p.register(2, 'bea', 'buyer')).toBe('REGISTERED 2');
  expect(await p.request(`LOGIN 3 bea ${SECRET} 127.0.0.1 ${p.port} 9`)).toBe('LOGGED_IN 3 buyer');
  // a cookie, valid or not, does no harm
  expect(await p.request(`LOGIN 4 bea ${SECRET} 127.0.0.1 ${p.port} 9 AAAAAAAAAAAAAAAAAAAAAA`)).toBe(
    'LOGGED_IN 4 buyer',
  );
});

test('the default on a non-loopback address (0.0.0.0) is verified', async () => {
  const t = await start({ host: '0.0.0.0' });
  const p = await UdpPeer.open({ host: '127.0.0.1', udpPort: t.server.udpPort });
  t.peers.push(p);
  expect(await p.request(`REGISTER 1 ann buyer 127.0.0.1 ${p.port} 9 ${SECRET}`)).toBe(
    `REGISTER-DENIED 1 ${NOT_VERIFIED}`,
  );
});

test.each(['verified', 'any'] as const)('the client core registers and logs in under --addresses %s', async (mode) => {
  const t = await start({ addresses: mode });
  const c = await AuctionClient.create({
    server: { host: '127.0.0.1', port: t.server.udpPort },
    identity: { name: `cli_${mode}`, role: 'buyer', secret: SECRET },
    register: true,
    catalogEveryMs: 0,
    retryInitialMs: 100,
  });
  try {
    expect(c.session).toEqual({ name: `cli_${mode}`, role: 'buyer' });
    expect((await c.catalog()).ok).toBe(true);
  } finally {
    await c.close();
  }
});

test('the --addresses flag reaches the server (real process)', async () => {
  const cleanups: Array<() => void> = [];
  const { args } = tempDb(cleanups, ['--addresses', 'verified']);
  const s = await spawnServer(args);
  const p = await UdpPeer.open(s);
  try {
    expect(await p.request(`REGISTER 1 ann buyer 127.0.0.1 ${p.port} 9 ${SECRET}`)).toBe(
      `REGISTER-DENIED 1 ${NOT_VERIFIED}`,
    );
    expect((await runServer(['--addresses', 'maybe'])).output).toContain('--addresses must be any or verified');
  } finally {
    p.close();
    await s.kill('SIGKILL');
    for (const c of cleanups) c();
  }
});
