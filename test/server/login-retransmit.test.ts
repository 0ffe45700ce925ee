// §3 over real UDP: a REGISTER or LOGIN from an unverified address is remembered only once it has run,
// and its secret check takes a while (longer on a busy machine). Its retransmissions meanwhile must not
// queue more checks of the same datagram (server/dispatch.ts): the first one's reply answers them all.
// (Its own file: the checker is one per process, and its count of checks started is what is asserted.)
import { secretChecks } from '../../server/secrets.js';
import { inProcessServer, type InProcessServer } from '../support/server.js';

const SECRET = 'test-secret-0123456789';
let t: InProcessServer;
afterEach(async () => {
  await t.close();
});

test('a retransmitted LOGIN from an unverified address is checked once, however often it arrives meanwhile', async () => {
  t = await inProcessServer();
  const owner = await t.peer();
  expect(await owner.register(1, 'ret', 'buyer', 9, SECRET)).toBe('REGISTERED 1');
  const p = await t.peer('127.0.0.73');
  const startedBefore = secretChecks.started;
  // 20 checks of this source first (one source's checks run one at a time), so the LOGIN below is
  // still waiting or being checked when its retransmissions arrive right behind it.
  const ahead = Array.from({ length: 20 }, (_, i) => p.next((x) => x.split(' ')[1] === String(100 + i), 30_000));
  for (let i = 0; i < 20; i++) p.send(`LOGIN ${100 + i} nobody${i} wrong-secret-0123456789 127.0.0.73 ${p.port} 9`);
  const login = `LOGIN 7 ret ${SECRET} 127.0.0.73 ${p.port} 9`;
  const answer = p.next(/^LOGGED_IN 7 /, 30_000);
  for (let i = 0; i < 4; i++) p.send(login);
  await Promise.all(ahead);
  expect(await answer).toBe('LOGGED_IN 7 buyer');
  // Now bound, another copy is a duplicate of a remembered reply: answered from memory, not checked.
  expect(await p.request(login, 30_000)).toBe('LOGGED_IN 7 buyer');
  expect(secretChecks.started - startedBefore).toBe(21); // 20 + 1, not 20 + 4
});
