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

// Issue 20.2: a stranger's failures slow down the stranger, never the owner at an address it used.
test("a stranger's wrong secrets do not lock the owner out of its known address; the stranger stays throttled", async () => {
  const owner = await t.peer(); // registers from 127.0.0.1: the account's known source
  await owner.register(1, 'ann', 'buyer', 9, SECRET);
  const attacker = await t.peer('127.0.0.71');
  const attack = (rq: number, secret: string): Promise<string> =>
    attacker.request(`LOGIN ${rq} ann ${secret} 127.0.0.71 ${attacker.port} 9`);
  const answers: string[] = [];
  for (let i = 1; i <= 10; i++) answers.push(await attack(i, `wrong-secret-${i}-0123456789`));
  expect(answers.slice(0, 6)).toEqual(
    answers.slice(0, 6).map((_, i) => `LOGIN-DENIED ${i + 1} Unknown name or wrong secret`),
  );
  expect(answers[9]).toMatch(/^LOGIN-DENIED 10 Too many failed logins for this name, try again in \d+ s$/);
  // the owner, from its own address (a new socket on it), logs in at once, every time
  for (let i = 1; i <= 3; i++) {
    const again = await t.peer();
    expect(await again.request(`LOGIN ${i} ann ${SECRET} 127.0.0.1 ${again.port} 9`)).toBe(`LOGGED_IN ${i} buyer`);
  }
  // the attacker stays throttled, even with the right secret
  expect(await attack(11, SECRET)).toMatch(/^LOGIN-DENIED 11 Too many failed logins for this name, try again in/);
});

test('a guess spread over many sources is stopped per name, except at the addresses the account used', async () => {
  const owner = await t.peer();
  await owner.register(1, 'bea', 'buyer', 9, SECRET);
  let rq = 0;
  // 21 wrong secrets from 5 sources, none of them over its own limits: the name's 20 free are used up
  for (let ip = 71; ip <= 75; ip++) {
    const a = await t.peer(`127.0.0.${ip}`);
    for (let i = 0; i < (ip < 75 ? 5 : 1); i++)
      expect(await a.request(`LOGIN ${++rq} bea wrong-secret-0123456789 127.0.0.${ip} ${a.port} 9`)).toBe(
        `LOGIN-DENIED ${rq} Unknown name or wrong secret`,
      );
  }
  const stranger = await t.peer('127.0.0.80'); // the right secret from a source the account never used
  expect(await stranger.request(`LOGIN 1 bea ${SECRET} 127.0.0.80 ${stranger.port} 9`)).toMatch(
    /^LOGIN-DENIED 1 Too many failed logins for this name, try again in \d+ s$/,
  );
  const home = await t.peer();
  expect(await home.request(`LOGIN 1 bea ${SECRET} 127.0.0.1 ${home.port} 9`)).toBe('LOGGED_IN 1 buyer');
});
