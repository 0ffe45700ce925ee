// Issue 20.1: the reply cache (§3) remembers a reply under a digest of (source address, account,
// datagram). Secrets never reach a file, a log line or the --events output, whatever a client retries
// and across a restart; and a second account bound to the same socket runs its own requests instead of
// being answered with the first one's replies. Real server process, real sockets, real files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawnServer, tempDb, type ServerProcess } from '../support/server.js';
import { UdpPeer } from '../support/udp-peer.js';

const cleanups: Array<() => void> = [];
const peers: UdpPeer[] = [];
let server: ServerProcess | null = null;
afterEach(async () => {
  for (const p of peers.splice(0)) p.close();
  await server?.kill('SIGKILL');
  server = null;
  for (const c of cleanups.splice(0)) c();
});

async function peer(): Promise<UdpPeer> {
  const p = await UdpPeer.open(server!);
  peers.push(p);
  return p;
}

/** Occurrences of `needle` in every file under `dir` (db.json, change-log segments, db.log, archive). */
function occurrencesInFiles(dir: string, needle: string): Record<string, number> {
  const found: Record<string, number> = {};
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dir, f);
    if (!statSync(file).isFile()) continue;
    const n = readFileSync(file, 'latin1').split(needle).length - 1;
    if (n > 0) found[f] = n;
  }
  return found;
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;

test('no secret of REGISTER or LOGIN in the data files, the log or the --events output, across retries and a restart', async () => {
  const { dir, args } = tempDb(cleanups);
  const loud = args.filter((a) => a !== '--quiet'); // the log on stdout as well as in db.log
  server = await spawnServer(loud);
  const p = await peer();
  const q = await peer();
  const SECRET = 'DaveSecret_7f3k9QzPw2LmXc';
  const WRONG = 'WrongSecret_a8Vn2Kq0RtYu';
  const register = `REGISTER 1 dave buyer 127.0.0.1 ${p.port} 9 ${SECRET}`;
  const login = `LOGIN 2 dave ${SECRET} 127.0.0.1 ${q.port} 9`;
  expect(await p.request(register)).toBe('REGISTERED 1');
  expect(await p.request(register)).toBe('REGISTERED 1'); // a retry: from memory
  expect(await q.request(login)).toBe('LOGGED_IN 2 buyer');
  expect(await q.request(login)).toBe('LOGGED_IN 2 buyer');
  expect(await q.request(`LOGIN 3 dave ${WRONG} 127.0.0.1 ${q.port} 9`)).toMatch(/^LOGIN-DENIED 3 /);
  await server.kill('SIGKILL');
  const first = server.output();
  server = await spawnServer(loud);
  for (const x of peers) x.retarget(server);
  // after the restart the retries are still duplicates (their memos came back from the change log)
  expect(await p.request(register)).toBe('REGISTERED 1');
  expect(await q.request(login)).toBe('LOGGED_IN 2 buyer');
  await server.stop(); // a clean stop: the log flushed, the change log folded into db.json
  const output = first + server.output();
  server = null;
  expect(occurrencesInFiles(dir, 'DaveSecret')).toEqual({});
  expect(occurrencesInFiles(dir, 'WrongSecret')).toEqual({});
  expect(count(output, 'DaveSecret') + count(output, 'WrongSecret')).toBe(0);
  // positive control: the requests were logged (secrets hidden) and the memos reached the disk
  expect(output).toMatch(/recv .*REGISTER 1 dave buyer/);
  expect(output).toMatch(/remembered 2 replies from before the restart/);
  expect(output).toMatch(/event bound \{"name":"dave"/);
  expect(readFileSync(path.join(dir, 'db.log'), 'utf8')).toMatch(/LOGIN 2 dave \*+/);
});

test('a second account bound to the same socket within the window (across a restart) runs its own request, not the first one’s reply', async () => {
  const { args } = tempDb(cleanups);
  server = await spawnServer(args);
  const sam = await peer();
  const shared = await peer();
  const bob = await peer();
  expect(await sam.register(1, 'sam', 'seller')).toBe('REGISTERED 1');
  expect(await sam.request('LIST_ITEM 2 lamp Brass lamp 5.00 600')).toBe('ITEM_LISTED 2');
  expect(await bob.register(1, 'bob', 'buyer')).toBe('REGISTERED 1');
  expect(await shared.register(1, 'ann', 'buyer')).toBe('REGISTERED 1');
  expect(await shared.request('SUBSCRIBE 5 lamp')).toBe('SUBSCRIBED 5');
  expect(await shared.request('BID 7 lamp 5.00')).toBe('BID_ACCEPTED 7');
  // a restart in between: the memos come back from disk with the account they were made as
  await server.kill('SIGKILL');
  server = await spawnServer(args);
  for (const x of peers) x.retarget(server);
  expect(await shared.request('BID 7 lamp 5.00')).toBe('BID_ACCEPTED 7'); // ann's retry: from memory
  // bob takes over ann's socket, then sends the very same texts
  expect(await shared.request(`LOGIN 8 bob test-secret-0123456789 127.0.0.1 ${shared.port} 9`)).toBe(
    'LOGGED_IN 8 buyer',
  );
  expect(await shared.request('SUBSCRIBE 5 lamp')).toBe('SUBSCRIBED 5');
  await server.events.until('subscribed', (e) => e.name === 'bob' && e.item === 'lamp');
  expect(await shared.request('BID 7 lamp 5.00')).toBe(
    'BID_REJECTED 7 Amount must be at least 5.01 (highest bid 5.00 + 0.01)',
  );
});
