// One server per data file (issue 13 part 4): the lock is held by something the kernel releases when
// the process dies, never by a pid compared with kill(pid, 0). Real processes throughout.
import { existsSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runServer, spawnListening, spawnServer, tempDb, type ServerProcess } from '../support/server.js';
import { UdpPeer } from '../support/udp-peer.js';

const cleanups: Array<() => void> = [];
const started: ServerProcess[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.kill('SIGKILL');
  for (const c of cleanups.splice(0)) c();
});

async function registers(server: { udpPort: number }, name: string): Promise<string> {
  const peer = await UdpPeer.open(server);
  try {
    return await peer.register(1, name, 'buyer');
  } finally {
    peer.close();
  }
}

test('a second server on the same db is refused, naming the holder; a clean stop releases the lock', async () => {
  const { db, args } = tempDb(cleanups);
  const first = await spawnServer(args);
  started.push(first);
  const second = await runServer(args);
  expect(second.code).toBe(1);
  expect(second.output).toContain(`refusing to start: ${db} is in use by another server (pid ${first.child.pid})`);
  // the same file reached by another path (a symlinked directory) is the same db
  const link = `${path.dirname(db)}-link`;
  symlinkSync(path.dirname(db), link);
  cleanups.push(() => rmSync(link, { force: true }));
  const other = await runServer(['--udp-port', '0', '--quiet', '--db', path.join(link, 'db.json')]);
  expect(other.code).toBe(1);
  expect(other.output).toContain(`is in use by another server (pid ${first.child.pid})`);
  await first.kill('SIGTERM');
  started.splice(0);
  const third = await spawnServer(args);
  started.push(third);
  expect(await registers(third, 'after')).toBe('REGISTERED 1');
  expect(existsSync(`${db}.lock`)).toBe(false); // no pid file at all
});

test('restarting right after kill -9 of the whole `npm run server` process group works', async () => {
  const { args } = tempDb(cleanups);
  for (let round = 0; round < 2; round++) {
    // `npm run server` is npm → sh → tsx → node: the server is a grandchild. Kill the whole group at once,
    // so the killed server is orphaned and may stay a zombie for a while (for ever under a PID 1 that does
    // not reap): a pid-based lock would still see it "alive".
    const npm = await spawnListening('npm', ['run', '--silent', 'server', '--', ...args], {
      detached: true,
      name: 'npm run server',
    });
    expect(await registers(npm, `r${round}`)).toBe('REGISTERED 1');
    process.kill(-npm.child.pid!, 'SIGKILL');
    await npm.exited;
    // at once, no waiting for the old process to be reaped
    const next = await spawnServer(args);
    started.push(next);
    expect(await registers(next, `after${round}`)).toBe('REGISTERED 1');
    await next.kill('SIGTERM');
    started.splice(0);
  }
});

test('a lock file naming an unrelated live pid does not block the server', async () => {
  const { db, args } = tempDb(cleanups);
  writeFileSync(`${db}.lock`, `${process.pid}\n`); // this test runner: alive, and no server
  writeFileSync(`${db}.sock`, ''); // nor does any other stray file beside the db
  const s = await spawnServer(args);
  started.push(s);
  expect(await registers(s, 'alive')).toBe('REGISTERED 1');
});

test('servers racing for one db: exactly one wins, the others are refused naming it', async () => {
  const { db, args } = tempDb(cleanups);
  const racers = await Promise.allSettled(Array.from({ length: 4 }, () => spawnServer(args)));
  const winners = racers.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  started.push(...winners);
  expect(winners).toHaveLength(1);
  const losers = racers.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
  expect(losers).toHaveLength(3);
  for (const l of losers) expect(l).toContain(`${db} is in use by another server (pid ${winners[0].child.pid})`);
  expect(await registers(winners[0], 'winner')).toBe('REGISTERED 1');
});
