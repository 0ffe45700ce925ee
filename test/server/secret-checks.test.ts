// Issue 20.3 over real UDP: the secret checker (server/secrets.ts) gives each source its fair share.
// One loopback attacker (127.0.0.71; loopback is exempt from the limits by default) keeps the checker
// as full as it can while an honest client at 127.0.0.1 logs in ten times: every honest LOGIN gets
// through, taking turns with the attacker's checks rather than waiting behind them; and a burst from
// one address is cut off by the limits as it is queued, not after its checks ran. The owner at its own
// address is checked next whatever backlog strangers made, and refusals for want of room are not each
// answered (an answer at once only invited the next: ~8,000 a second).
import { secretChecks } from '../../server/secrets.js';
import { eventually, inProcessServer, type InProcessServer } from '../support/server.js';

const SECRET = 'test-secret-0123456789';
let t: InProcessServer;
afterEach(async () => {
  secretChecks.trace = undefined;
  await t.close();
  // The checker is the process's: an attacker's queued checks outlive the server and would take the
  // CPU from the next test (and keep jest from exiting). They have no event of their own to await.
  await eventually(() => secretChecks.pending === 0, 'the queued secret checks to finish', 60_000);
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
  const checks = Array.from({ length: 11 }, (_, i) => p.next((x) => x.split(' ')[1] === String(i + 1), 20_000));
  for (let rq = 1; rq <= 30; rq++) p.send(`LOGIN ${rq} name${rq} wrong-secret-0123456789 127.0.0.72 ${p.port} 9`);
  // 10 free failures per address, the 11th starts the delay: the rest of the burst never reaches the checker
  const answers = await Promise.all(checks);
  expect(answers).toEqual(answers.map((_, i) => `LOGIN-DENIED ${i + 1} Unknown name or wrong secret`));
  // A WATCH is answered at once: its challenge comes after every reply sent for the burst.
  const challenge = p.next(/^WATCH-CHALLENGE /, 10_000);
  p.send('WATCH 999');
  await challenge;
  const limited = p.received.filter((a) => / Too many failed logins from this address, try again in \d+ s$/.test(a));
  // …and of its 19 refusals, the first 10 are answered (refusal-answers.ts), the rest dropped
  expect(limited).toEqual(Array.from({ length: 10 }, (_, i) => expect.stringMatching(`^LOGIN-DENIED ${i + 12} `)));
});

test("the owner's LOGIN from its own address is the next check started and runs alone, ahead of 12 sources' backlog", async () => {
  t = await inProcessServer();
  const owner = await t.peer();
  expect(await owner.register(1, 'own', 'buyer', 9, SECRET)).toBe('REGISTERED 1');
  const attackers = await Promise.all(Array.from({ length: 12 }, (_, i) => t.peer(`127.0.0.${80 + i}`)));
  // The order the checker queued and started checks in, by source address.
  const order: string[] = [];
  let queued = 0;
  let backlog!: () => void;
  const backlogged = new Promise<void>((r) => (backlog = r));
  secretChecks.trace = (event, source) => {
    order.push(`${event} ${source}`);
    if (event === 'queued' && ++queued === 60) backlog();
  };
  let rq = 100;
  for (const a of attackers)
    for (let i = 0; i < 5; i++) a.send(`LOGIN ${++rq} own wrong-secret-0123456789 ${a.ip} ${a.port} 9`);
  await backlogged; // 60 strangers' checks queued: 2 running, 58 waiting in 12 sources' turns
  // The owner mistypes its secret, then types it right: its second check comes just after a turn.
  const typo = `LOGIN 2 own wrong-secret-0123456789 127.0.0.1 ${owner.port} 9`;
  expect(await owner.request(typo, 20_000)).toBe('LOGIN-DENIED 2 Unknown name or wrong secret');
  expect(await owner.request(`LOGIN 3 own ${SECRET} 127.0.0.1 ${owner.port} 9`, 20_000)).toBe('LOGGED_IN 3 buyer');
  const from = order.lastIndexOf('queued 127.0.0.1');
  const to = order.lastIndexOf('started 127.0.0.1');
  // (this test's strangers only: an earlier test's checks may still be running when it starts)
  const count = (xs: string[], event: string): number =>
    xs.filter((e) => e.startsWith(event) && / 127\.0\.0\.(8\d|9[01])$/.test(e)).length;
  const startedBetween = order.slice(from, to).filter((e) => e.startsWith('started '));
  // Before: its turn had just come, so it waited behind every other source (about 12 checks); now none.
  expect(count(order.slice(0, to), 'started ')).toBeLessThan(60); // ahead of the strangers' backlog
  expect(startedBetween).toEqual([]);
  // …and it ran alone: every stranger's check started before it was done by then, none started meanwhile
  const done = order.lastIndexOf('done 127.0.0.1');
  expect(count(order.slice(0, to), 'started ')).toBe(count(order.slice(0, to), 'done '));
  expect(count(order.slice(to, done), 'started ')).toBe(0);
});

test('refusals for want of room are answered a burst of 10 per source, not once per LOGIN', async () => {
  t = await inProcessServer();
  const attacker = await t.peer('127.0.0.73');
  let decidedSoFar = 0;
  let refused = 0;
  let all!: () => void;
  const decided = new Promise<void>((r) => (all = r));
  // 1 running and 64 waiting are this source's share: the rest are refused as they arrive. Each LOGIN
  // is queued or refused as it arrives; wait for all 200. (Not for 135 refusals: on a busy machine the
  // sends spread out, checks finish meanwhile and free room, fewer are refused, and that wait hung.)
  secretChecks.trace = (event) => {
    if (event === 'refused') refused++;
    if ((event === 'refused' || event === 'queued') && ++decidedSoFar === 200) all();
  };
  for (let rq = 1; rq <= 200; rq++)
    attacker.send(`LOGIN ${rq} nobody wrong-secret-0123456789 127.0.0.73 ${attacker.port} 9`);
  await decided;
  expect(refused).toBeGreaterThanOrEqual(100);
  // A WATCH is answered at once, so its challenge comes after every reply sent for the 200 LOGINs.
  const challenge = attacker.next(/^WATCH-CHALLENGE /, 10_000);
  attacker.send('WATCH 999');
  await challenge;
  const busy = attacker.received.filter((x) => / Server busy checking secrets/.test(x));
  // Before: 135 answers, each inviting the next LOGIN at once. Now 10, and then 2 a second.
  expect(busy.length).toBeGreaterThanOrEqual(10);
  expect(busy.length).toBeLessThanOrEqual(12);
});
