// Issue 20.2 across a real restart of a real server process: the addresses an account logged in from
// (Account.knownFrom, at most 8) are kept on disk, so a stranger's failures after the restart still do
// not block the owner's LOGIN from an address it used before — one it is no longer bound to. Before,
// only the bound address survived a restart; the others were in memory only. And a db.json written
// before the field existed still loads.
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnServer, tempDb, type ServerProcess } from '../support/server.js';
import { UdpPeer } from '../support/udp-peer.js';

const SECRET = 'owner-secret-0123456789';
const cleanups: Array<() => void> = [];
const peers: UdpPeer[] = [];
let server: ServerProcess | null = null;
afterEach(async () => {
  for (const p of peers.splice(0)) p.close();
  await server?.kill('SIGKILL');
  server = null;
  for (const c of cleanups.splice(0)) c();
});

async function peer(ip = '127.0.0.1'): Promise<UdpPeer> {
  const p = await UdpPeer.open(server!, ip);
  peers.push(p);
  return p;
}

async function login(ip: string, rq: number, secret = SECRET): Promise<string> {
  const p = await peer(ip);
  return p.request(`LOGIN ${rq} ann ${secret} ${ip} ${p.port} 9`);
}

/** Wrong secrets for ann from five strangers, none over its own limits: the name's 20 free are used up. */
async function lockTheName(): Promise<void> {
  let rq = 100;
  for (let ip = 71; ip <= 75; ip++)
    for (let i = 0; i < (ip < 75 ? 5 : 1); i++)
      expect(await login(`127.0.0.${ip}`, ++rq, 'wrong-secret-0123456789')).toBe(
        `LOGIN-DENIED ${rq} Unknown name or wrong secret`,
      );
  // the right secret from a source the account never used is held back now
  expect(await login('127.0.0.80', 1)).toMatch(/^LOGIN-DENIED 1 Too many failed logins for this name, try again in/);
}

test.each(['SIGKILL', 'SIGTERM'] as const)(
  'after %s and restart, failures from strangers do not block the owner at an address it used, not bound',
  async (signal) => {
    const { args } = tempDb(cleanups, ['--limits', 'all']);
    server = await spawnServer(args);
    const home = await peer();
    expect(await home.register(1, 'ann', 'buyer', 9, SECRET)).toBe('REGISTERED 1');
    expect(await login('127.0.0.2', 2)).toBe('LOGGED_IN 2 buyer'); // used once…
    expect(await login('127.0.0.3', 3)).toBe('LOGGED_IN 3 buyer'); // …and the binding moved on
    await server.kill(signal);
    server = await spawnServer(args);
    await lockTheName();
    expect(await login('127.0.0.2', 4)).toBe('LOGGED_IN 4 buyer');
    expect(await login('127.0.0.1', 5)).toBe('LOGGED_IN 5 buyer');
  },
);

test('at most 8 addresses are kept per account, and a db.json from before the field loads', async () => {
  const { db, args } = tempDb(cleanups, ['--limits', 'all']);
  server = await spawnServer(args);
  const home = await peer();
  expect(await home.register(1, 'ann', 'buyer', 9, SECRET)).toBe('REGISTERED 1');
  for (let i = 2; i <= 11; i++) expect(await login(`127.0.0.${i}`, i)).toBe(`LOGGED_IN ${i} buyer`);
  await server.kill('SIGTERM'); // a clean stop writes the snapshot
  const doc = JSON.parse(readFileSync(db, 'utf8')) as { accounts: Record<string, { knownFrom?: string[] }> };
  expect(doc.accounts.ann.knownFrom).toEqual(Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 4}`));

  delete doc.accounts.ann.knownFrom; // as a server before the field wrote it
  writeFileSync(db, JSON.stringify(doc));
  server = await spawnServer(args);
  await lockTheName();
  // the bound address still counts as the owner's; the others are learnt again from the next LOGIN
  expect(await login('127.0.0.11', 12)).toBe('LOGGED_IN 12 buyer');
  expect(await login('127.0.0.4', 13)).toMatch(/^LOGIN-DENIED 13 Too many failed logins for this name/);
});
