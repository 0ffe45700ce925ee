// LOGIN re-checks after its secret check (issue 13 part 1): a DE-REGISTER committed while the secret
// is being checked never leaves the deregistered account bound to the LOGIN's address; and a request
// from an address whose account is deregistered is never made as that account. Real sockets.
import { readDurableState } from '../../server/store/log-store.js';
import { inProcessServer, type InProcessServer } from '../support/server.js';

const SECRET = 'race-secret-0123456789';
let t: InProcessServer;
beforeEach(async () => {
  t = await inProcessServer();
});
afterEach(async () => {
  await t.close();
});

test('a LOGIN racing a DE-REGISTER never leaves the deregistered account bound', async () => {
  const sam = await t.peer();
  await sam.register(1, 'sam', 'seller');
  await sam.request('LIST_ITEM 2 lamp Brass lamp 1.00 600');
  const home = await t.peer();
  expect(await home.register(1, 'ann', 'buyer', 9, SECRET)).toBe('REGISTERED 1');
  const away = await t.peer();
  const busy = await t.peer();
  // Secret checks run one at a time: a few wrong ones first, so ann's check is certainly still queued
  // (or running) when her DE-REGISTER arrives a moment later.
  const queued = [1, 2, 3].map((i) =>
    busy.request(`LOGIN ${i} ghost${i} wrong-secret-0123456789 127.0.0.1 ${busy.port} 9`),
  );
  const login = away.request(`LOGIN 1 ann ${SECRET} 127.0.0.1 ${away.port} 9`);
  expect(await home.request('DE-REGISTER 2 ann')).toBe('DE-REGISTERED 2');
  expect(await login).toBe('LOGIN-DENIED 1 Unknown name or wrong secret');
  await Promise.all(queued);
  // neither address acts as ann
  expect(await away.request('BID 3 lamp 5.00')).toMatch(/^BID_REJECTED 3 Not registered/);
  expect(await home.request('BID 3 lamp 5.00')).toMatch(/^BID_REJECTED 3 Not registered/);
  await t.server.flush();
  const ann = readDurableState(t.dbPath).accounts.ann;
  expect(ann).toMatchObject({ deregistered: true, ip: null, udpPort: null, tcpPort: null });
  // and a later LOGIN with the right secret is denied with the one reason
  expect(await away.request(`LOGIN 4 ann ${SECRET} 127.0.0.1 ${away.port} 9`)).toBe(
    'LOGIN-DENIED 4 Unknown name or wrong secret',
  );
});

test('many LOGINs racing one DE-REGISTER: none binds the account', async () => {
  const home = await t.peer();
  await home.register(1, 'bob', 'buyer', 9, SECRET);
  const busy = await t.peer();
  const queued = [1, 2].map((i) =>
    busy.request(`LOGIN ${i} ghost${i} wrong-secret-0123456789 127.0.0.1 ${busy.port} 9`),
  );
  const others = await Promise.all(Array.from({ length: 6 }, () => t.peer()));
  const logins = others.map((p) => p.request(`LOGIN 1 bob ${SECRET} 127.0.0.1 ${p.port} 9`));
  expect(await home.request('DE-REGISTER 2 bob')).toBe('DE-REGISTERED 2');
  expect(await Promise.all(logins)).toEqual(others.map(() => 'LOGIN-DENIED 1 Unknown name or wrong secret'));
  await Promise.all(queued);
  for (const p of others)
    expect(await p.request('SUBSCRIBE 9 anything')).toMatch(/^SUBSCRIPTION-DENIED 9 Not registered/);
  expect(t.server.snapshot().accounts.bob).toMatchObject({ deregistered: true, ip: null });
});
