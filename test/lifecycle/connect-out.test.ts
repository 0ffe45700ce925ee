// Issue 20.12 (connect-out): a REGISTER names any TCP port and the server connects there at the close
// (§7). Under `--addresses verified` it connects only to a binding known to be the party's — made with
// its address's WATCH cookie — so a binding left by a run under `any` waits for a LOGIN with a cookie.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eventually, inProcessServer, type InProcessServer } from '../support/server.js';
import type { UdpPeer } from '../support/udp-peer.js';
import { Parties, SECRET } from './helpers.js';

const parties = new Parties();
const servers: InProcessServer[] = [];
afterEach(async () => {
  await parties.closeAll();
  // the first server of a test is stopped already; close() stops (again, harmlessly) and removes its dir
  for (const s of servers.splice(0).reverse()) await s.close();
});

const cookieOf = async (p: UdpPeer, rq: number): Promise<string> => (await p.request(`WATCH ${rq}`)).split(' ')[2];

test('--addresses verified: parties registered with their cookies are connected to at the close', async () => {
  const t = await inProcessServer({ addresses: 'verified' });
  servers.push(t);
  const samTcp = await parties.tcp();
  const sam = await parties.udp(t.server);
  const reg = `REGISTER 2 sam seller 127.0.0.1 ${sam.port} ${samTcp.port} ${SECRET}`;
  expect(await sam.request(`${reg} ${await cookieOf(sam, 1)}`)).toBe('REGISTERED 2');
  const beaTcp = await parties.tcp();
  const bea = await parties.udp(t.server);
  const breg = `REGISTER 2 bea buyer 127.0.0.1 ${bea.port} ${beaTcp.port} ${SECRET}`;
  expect(await bea.request(`${breg} ${await cookieOf(bea, 1)}`)).toBe('REGISTERED 2');
  expect(await sam.request('LIST_ITEM 3 vase Blue vase 1.00 1')).toBe('ITEM_LISTED 3');
  expect(await bea.request('BID 3 vase 2.00')).toBe('BID_ACCEPTED 3');
  expect(await beaTcp.next(/^WINNER /)).toMatch(/^WINNER \d+ vase 2\.00 sam$/);
  expect(await samTcp.next(/^SOLD /)).toMatch(/^SOLD \d+ vase 2\.00 bea$/);
});

test('--addresses verified after a run under any: no connection to an unverified binding until a LOGIN with a cookie', async () => {
  const first = await inProcessServer({ addresses: 'any' });
  servers.push(first);
  const samTcp = await parties.tcp();
  const sam = await parties.udp(first.server);
  expect(await sam.register(1, 'sam', 'seller', samTcp.port, SECRET)).toBe('REGISTERED 1');
  const beaTcp = await parties.tcp();
  const bea = await parties.udp(first.server);
  expect(await bea.register(1, 'bea', 'buyer', beaTcp.port, SECRET)).toBe('REGISTERED 1');
  expect(await sam.request('LIST_ITEM 2 jug Tin jug 1.00 2')).toBe('ITEM_LISTED 2');
  expect(await bea.request('BID 2 jug 3.00')).toBe('BID_ACCEPTED 2');
  await first.server.stop();

  // the same data under --addresses verified: the bindings (no cookie) are not known to be theirs
  const t = await inProcessServer({ addresses: 'verified', dbPath: first.dbPath });
  servers.push(t);
  sam.retarget(t.server);
  bea.retarget(t.server);
  expect(await t.events.until('auction-closed', (e) => e.item === 'jug', 8000)).toMatchObject({ winner: 'bea' });
  const log = path.join(path.dirname(first.dbPath), 'db.log');
  const refusedBoth = (): boolean =>
    (readFileSync(log, 'utf8').match(/not connecting to 127\.0\.0\.1:\d+: address not verified/g) ?? []).length >= 2;
  // whichever comes first: the server's decision not to connect (logged), or a connection
  await eventually(
    () => refusedBoth() || samTcp.connections.length + beaTcp.connections.length > 0,
    'a connection, or both parties refused one for an unverified address',
  );
  expect([samTcp.connections.length, beaTcp.connections.length]).toEqual([0, 0]);

  // bea proves her address: LOGIN with its cookie; the server connects to her at once
  const login = `LOGIN 4 bea ${SECRET} 127.0.0.1 ${bea.port} ${beaTcp.port} ${await cookieOf(bea, 3)}`;
  expect(await bea.request(login)).toBe('LOGGED_IN 4 buyer');
  expect(await beaTcp.next(/^WINNER /)).toMatch(/^WINNER \d+ jug 3\.00 sam$/);
  expect(samTcp.connections).toHaveLength(0); // sam has not: still nothing to him
});
