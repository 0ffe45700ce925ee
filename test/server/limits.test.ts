// §5 limits over real UDP (issue 13 part 2): registrations per source IP (a burst, then a few a minute)
// and failed LOGINs per name and per source IP, refused with a delay that grows, before any secret is
// checked. The server's clock is the test's, so the delays are exact. Loopback is exempt by default
// (`--limits remote`), so these run with `limits: 'all'`.
import { inProcessServer, type InProcessServer } from '../support/server.js';

const SECRET = 'test-secret-0123456789';
let clock = 0;
let t: InProcessServer;
beforeEach(async () => {
  clock = Date.UTC(2026, 5, 1);
  t = await inProcessServer({ limits: 'all', now: () => clock });
});
afterEach(async () => {
  await t.close();
});

test('registrations from one address: a burst of 5, then one every 20 s', async () => {
  const peers = await Promise.all(Array.from({ length: 7 }, () => t.peer()));
  for (let i = 0; i < 5; i++) expect(await peers[i].register(1, `r${i}`, 'buyer')).toBe('REGISTERED 1');
  expect(await peers[5].register(1, 'r5', 'buyer')).toBe(
    'REGISTER-DENIED 1 Too many registrations from this address, try again in 20 s',
  );
  clock += 15_000;
  expect(await peers[5].register(2, 'r5', 'buyer')).toBe(
    'REGISTER-DENIED 2 Too many registrations from this address, try again in 5 s',
  );
  clock += 5_000;
  expect(await peers[5].register(3, 'r5', 'buyer')).toBe('REGISTERED 3');
  expect(await peers[6].register(1, 'r6', 'buyer')).toMatch(/^REGISTER-DENIED 1 Too many registrations/);
});

test('failed LOGINs for a name: 5 free, then a wait that doubles; the right secret waits too', async () => {
  const owner = await t.peer();
  await owner.register(1, 'ann', 'buyer', 9, SECRET);
  const p = await t.peer();
  const login = (rq: number, secret: string): Promise<string> =>
    p.request(`LOGIN ${rq} ann ${secret} 127.0.0.1 ${p.port} 9`);
  for (let i = 1; i <= 6; i++)
    expect(await login(i, `wrong-secret-${i}-0123456789`)).toBe(`LOGIN-DENIED ${i} Unknown name or wrong secret`);
  expect(await login(7, SECRET)).toBe('LOGIN-DENIED 7 Too many failed logins for this name, try again in 2 s');
  clock += 2_000;
  expect(await login(8, 'wrong-secret-8-0123456789')).toBe('LOGIN-DENIED 8 Unknown name or wrong secret');
  expect(await login(9, SECRET)).toBe('LOGIN-DENIED 9 Too many failed logins for this name, try again in 4 s');
  clock += 4_000;
  expect(await login(10, SECRET)).toBe('LOGGED_IN 10 buyer');
  // a success starts the name afresh
  expect(await login(11, 'wrong-secret-11-0123456789')).toBe('LOGIN-DENIED 11 Unknown name or wrong secret');
  expect(await login(12, SECRET)).toBe('LOGGED_IN 12 buyer');
});

test('a name that does not exist is limited exactly like one that does (nothing to probe)', async () => {
  const owner = await t.peer();
  await owner.register(1, 'ann', 'buyer', 9, SECRET);
  const answers = async (name: string): Promise<string[]> => {
    const p = await t.peer();
    const out: string[] = [];
    for (let i = 1; i <= 7; i++)
      out.push(await p.request(`LOGIN ${i} ${name} wrong-secret-0123456789 127.0.0.1 ${p.port} 9`));
    return out;
  };
  const unknown = await answers('nobody');
  clock += 16 * 60_000; // the address's own count is forgotten (all peers share 127.0.0.1)
  expect(unknown).toEqual(await answers('ann'));
  expect(unknown[6]).toBe('LOGIN-DENIED 7 Too many failed logins for this name, try again in 2 s');
});

test('failed LOGINs from one address across many names: 10 free, then the address waits', async () => {
  const p = await t.peer();
  for (let i = 1; i <= 11; i++)
    expect(await p.request(`LOGIN ${i} name${i} wrong-secret-0123456789 127.0.0.1 ${p.port} 9`)).toBe(
      `LOGIN-DENIED ${i} Unknown name or wrong secret`,
    );
  expect(await p.request(`LOGIN 12 other wrong-secret-0123456789 127.0.0.1 ${p.port} 9`)).toBe(
    'LOGIN-DENIED 12 Too many failed logins from this address, try again in 1 s',
  );
});

test('loopback is exempt under the default --limits remote', async () => {
  await t.close();
  t = await inProcessServer({ now: () => clock });
  const peers = await Promise.all(Array.from({ length: 12 }, () => t.peer()));
  for (let i = 0; i < 12; i++) expect(await peers[i].register(1, `x${i}`, 'buyer')).toBe('REGISTERED 1');
});
