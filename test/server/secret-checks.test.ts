// Issue 20.3 over real UDP: the secret checker (server/secrets.ts) gives each source its fair share.
// One loopback attacker (127.0.0.71; loopback is exempt from the limits by default) keeps the checker
// as full as it can while an honest client at 127.0.0.1 logs in ten times: every honest LOGIN gets
// through, taking turns with the attacker's checks rather than waiting behind them; and a burst from
// one address is cut off by the limits as it is queued, not after its checks ran.
import { inProcessServer, type InProcessServer } from '../support/server.js';

const SECRET = 'test-secret-0123456789';
let t: InProcessServer;
afterEach(async () => {
  await t.close();
});

test('a flood of wrong LOGINs from one address leaves every honest LOGIN from another succeeding', async () => {
  t = await inProcessServer();
  const honest = await t.peer();
  expect(await honest.register(1, 'hon', 'buyer', 9, SECRET)).toBe('REGISTERED 1');
  const attacker = await t.peer('127.0.0.71');
  let rq = 1000;
  let checked = 0; // the attacker's LOGINs whose secret was checked (answered "wrong secret")
  let stop = false;
  const attack = (): void => attacker.send(`LOGIN ${++rq} hon wrong-secret-0123456789 127.0.0.71 ${attacker.port} 9`);
  // Every checked LOGIN is replaced by a new one at once, so the attacker always has the most waiting
  // it can (before the fix: the whole shared queue of 128).
  const seen = attacker.next((x) => {
    if (x.endsWith(' Unknown name or wrong secret')) {
      checked++;
      if (!stop) attack();
    }
    return false;
  }, 120_000);
  seen.catch(() => undefined);
  for (let i = 0; i < 200; i++) attack();
  await attacker.next(/^LOGIN-DENIED \d+ Unknown name or wrong secret$/, 10_000); // the flood is being checked

  const answers: string[] = [];
  const checkedBefore = checked;
  for (let i = 1; i <= 10; i++)
    answers.push(await honest.request(`LOGIN ${i} hon ${SECRET} 127.0.0.1 ${honest.port} 9`, 10_000));
  const attackerChecksMeanwhile = checked - checkedBefore;
  stop = true;
  expect(answers).toEqual(answers.map((_, i) => `LOGGED_IN ${i + 1} buyer`));
  // The attacker kept being checked all along (it was not simply out of the way)…
  expect(attackerChecksMeanwhile).toBeGreaterThanOrEqual(5);
  // …and took turns with the honest client: about one of its checks per honest one, never a backlog.
  expect(attackerChecksMeanwhile).toBeLessThanOrEqual(25);
});

test('a burst of LOGINs from one address under --limits all: its failures count as they are queued', async () => {
  t = await inProcessServer({ limits: 'all' });
  const p = await t.peer('127.0.0.72');
  // one burst of 30 LOGINs for 30 names, all sent before the first is answered
  const replies = Array.from({ length: 30 }, (_, i) => p.next((x) => x.split(' ')[1] === String(i + 1), 20_000));
  for (let rq = 1; rq <= 30; rq++) p.send(`LOGIN ${rq} name${rq} wrong-secret-0123456789 127.0.0.72 ${p.port} 9`);
  const answers = await Promise.all(replies);
  const checked = answers.filter((a) => a.endsWith(' Unknown name or wrong secret'));
  const limited = answers.filter((a) => / Too many failed logins from this address, try again in \d+ s$/.test(a));
  // 10 free failures per address, the 11th starts the delay: the rest of the burst never reaches the checker
  expect(checked).toHaveLength(11);
  expect(limited).toHaveLength(19);
});
