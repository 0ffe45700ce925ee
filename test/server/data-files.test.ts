// Issue 20.11 with the real server process: files planted in the data directory are never followed or
// written through, our own directories and files end up private, and the start-up lock cannot be
// squatted by a process that does not know the db's lock key.
import { createHash } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runServer, spawnServer, tempDb, tempDir, type ServerProcess } from '../support/server.js';
import { UdpPeer } from '../support/udp-peer.js';
import { lockAddress } from '../../server/store/db-lock.js';

const cleanups: Array<() => void> = [];
const started: ServerProcess[] = [];
const squatters: net.Server[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.kill('SIGKILL');
  for (const q of squatters.splice(0)) {
    await new Promise((r) => q.close(r));
  }
  for (const c of cleanups.splice(0)) c();
});

/** A file outside the data directory that a planted link points at: what must stay untouched. */
function victim(): string {
  const { dir, cleanup } = tempDir('auction-victim-');
  cleanups.push(cleanup);
  const file = path.join(dir, 'precious.txt');
  writeFileSync(file, 'precious\n');
  return file;
}

async function registers(server: { udpPort: number }, name: string): Promise<string> {
  const peer = await UdpPeer.open(server);
  try {
    return await peer.register(1, name, 'buyer');
  } finally {
    peer.close();
  }
}

const mode = (p: string): number => statSync(p).mode & 0o777;

test('a planted db.log link: the log is not appended to its target', async () => {
  const { dir, args } = tempDb(cleanups);
  const target = victim();
  symlinkSync(target, path.join(dir, 'db.log'));
  const s = await spawnServer(args);
  started.push(s);
  expect(await registers(s, 'logger')).toBe('REGISTERED 1');
  await s.kill('SIGTERM');
  started.splice(0);
  expect(readFileSync(target, 'utf8')).toBe('precious\n');
  expect(s.output()).toContain(`${path.join(dir, 'db.log')}: is a symbolic link`);
});

test('a planted .db.json.tmp link: its target is not overwritten; the snapshot is a private file', async () => {
  const { dir, db, args } = tempDb(cleanups);
  const target = victim();
  symlinkSync(target, path.join(dir, '.db.json.tmp'));
  const s = await spawnServer(args); // a first start writes a snapshot through the temp file
  started.push(s);
  expect(await registers(s, 'snap')).toBe('REGISTERED 1');
  expect(readFileSync(target, 'utf8')).toBe('precious\n');
  expect(lstatSync(db).isFile()).toBe(true);
  expect(mode(db)).toBe(0o600);
});

test('a planted change-log segment link: the server refuses to start and writes nothing to its target', async () => {
  const { dir, db, args } = tempDb(cleanups);
  const target = victim();
  writeFileSync(target, ''); // an empty "segment": before 20.11 the log was appended to it
  symlinkSync(target, path.join(dir, 'db.json.wal.1'));
  const r = await runServer(args);
  expect(r.code).toBe(1);
  expect(r.output).toContain(`refusing to start: ${db}.wal.1: is a symbolic link`);
  expect(readFileSync(target, 'utf8')).toBe('');
});

test('a pre-existing db.json.history directory of mode 0777 is made 0700; a linked one is refused', async () => {
  const { db, args } = tempDb(cleanups);
  mkdirSync(`${db}.history`);
  chmodSync(`${db}.history`, 0o777);
  const s = await spawnServer(args);
  started.push(s);
  expect(mode(`${db}.history`)).toBe(0o700);
  await s.kill('SIGTERM');
  started.splice(0);

  const other = tempDb(cleanups);
  const elsewhere = tempDir('auction-elsewhere-');
  cleanups.push(elsewhere.cleanup);
  symlinkSync(elsewhere.dir, `${other.db}.history`);
  const r = await runServer(other.args);
  expect(r.code).toBe(1);
  expect(r.output).toContain(`${other.db}.history: is a symbolic link`);
});

/** A process that binds `addr` and answers whatever it is sent with "1", as the squatter of issue 20.11 did. */
async function squat(addr: string): Promise<void> {
  const q = net.createServer((sock) => {
    sock.on('error', () => undefined);
    sock.once('data', () => sock.end('1\n'));
  });
  await new Promise<void>((resolve, reject) => {
    q.once('error', reject);
    q.listen({ path: addr, exclusive: true }, () => resolve());
  });
  squatters.push(q);
}

const linux = process.platform === 'linux' ? test : test.skip;

linux('a squatter on the name derived from the db path alone (the old lock) does not stop the server', async () => {
  const { dir, db, args } = tempDb(cleanups);
  const real = path.join(realpathSync(dir), 'db.json');
  await squat(`\0terminal-auction-db/${createHash('sha256').update(real).digest('hex').slice(0, 40)}`);
  const s = await spawnServer(args);
  started.push(s);
  expect(await registers(s, 'unsquatted')).toBe('REGISTERED 1');
  // the key the lock name is made of: private, beside the db
  expect(mode(`${db}.lock-key`)).toBe(0o600);
  expect(readFileSync(`${db}.lock-key`, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
});

linux('a squatter that learned the lock name (/proc/net/unix) is named as no server of this db', async () => {
  const { db, args } = tempDb(cleanups);
  await squat(lockAddress(db)); // what a stranger could read off /proc/net/unix while a server ran
  const r = await runServer(args);
  expect(r.code).toBe(1);
  expect(r.output).toContain(`the lock of ${db} is held by a process that is not a server of this db`);
  expect(r.output).toContain('it claims pid 1');
  expect(r.output).not.toContain('in use by another server (pid 1)');
});
