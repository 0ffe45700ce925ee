// One server per data file: two servers appending to the same change log would interleave their
// sequence numbers and each acknowledge changes the other's snapshot then overwrites.
//
// The lock is something the kernel releases when the process dies, however it dies: a listening
// Unix socket in Linux's abstract namespace. Binding it is atomic (of two servers racing for one db
// exactly one gets it), nothing stale is ever left behind by kill -9, and no pid is compared with
// kill(pid, 0): a recycled pid, or a killed server that is still a zombie, cannot block a restart.
// The holder answers a connection with its pid, so a refused server can say who holds the db.
//
// The abstract namespace has no permissions: anyone on the machine may bind any name. A name derived
// from the db's path alone could be squatted by any local user (it was: the squatter answered "1" and
// the server refused to start, naming "pid 1"; issue 20.11). So the name also hashes a random key
// kept beside the db in `db.json.lock-key` (0600, created exclusively, never through a link): only
// whoever can read the data directory's key can name, and so hold, the lock.
// Elsewhere (macOS…) the socket is a file beside the db (`db.json.sock`); one nobody answers on is
// stale and replaced, which is a little racier but still never trusts a pid.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fchmodSync,
  fstatSync,
  linkSync,
  readFileSync,
  realpathSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { FILE_MODE, openPrivateSync, openReadNoFollowSync, UnsafeFileError } from './private-files.js';

export class DbLockedError extends Error {}

/** The holder's socket, per lock name, in this process (see acquireDbLock on re-acquiring one). */
const held = new Map<string, net.Server>();

/** The db file's real path: the same file reached through a symlink or `..` gets the same lock. */
function realDbPath(dbFile: string): string {
  const abs = path.resolve(dbFile);
  try {
    return realpathSync(abs);
  } catch {
    // Not created yet: the directory's real path plus the name (a missing directory throws later, at open).
    try {
      return path.join(realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

const KEY_RE = /^[0-9a-f]{64}$/;

/** The lock key file of a db file (beside its real path, so every path to the db finds the same key). */
export function lockKeyFile(dbFile: string): string {
  return `${realDbPath(dbFile)}.lock-key`;
}

/**
 * The db's lock key: read from its key file, or made (32 random bytes) and published atomically —
 * written to a private temp file, then hard-linked to the key's name, which fails if a racing server
 * published first (then its key is read). Never through a link; a key file too open is made 0600.
 */
function lockKey(dbFile: string): string {
  const file = lockKeyFile(dbFile);
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      // Read-only open (no link followed, a regular file): a racing server's publishKey may still have
      // its temp name linked to it for a moment, so the one-name check of openPrivateSync is not made.
      fd = openReadNoFollowSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      publishKey(file);
      continue;
    }
    const st = fstatSync(fd);
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
      closeSync(fd);
      throw new UnsafeFileError(file, `belongs to uid ${st.uid}, not to this server's uid ${process.getuid()}`);
    }
    if ((st.mode & 0o777) !== FILE_MODE) fchmodSync(fd, FILE_MODE);
    let text: string;
    try {
      text = readFileSync(fd, 'latin1').trim();
    } finally {
      closeSync(fd);
    }
    if (!KEY_RE.test(text))
      throw new UnsafeFileError(file, 'is not a lock key (64 hex digits); delete it while no server runs');
    return text;
  }
  throw new Error(`${file}: could not be created`);
}

function publishKey(file: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  const fd = openPrivateSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL);
  try {
    writeSync(fd, `${randomBytes(32).toString('hex')}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another server published first
  } finally {
    unlinkSync(tmp);
  }
}

/** The address of the lock socket for a db file (exported for tests), and the key it is derived from. */
export function lockAddress(dbFile: string): string {
  return lockOf(dbFile).addr;
}

function lockOf(dbFile: string): { addr: string; key: string } {
  const real = realDbPath(dbFile);
  const key = lockKey(dbFile);
  if (process.platform === 'linux') {
    const addr = `\0terminal-auction-db/${createHash('sha256').update(`${key}\n${real}`).digest('hex').slice(0, 40)}`;
    return { addr, key };
  }
  return { addr: `${real}.sock`, key };
}

/** The holder's answer to a challenge: its pid and a MAC of the nonce under the db's lock key. */
const proof = (key: string, nonce: string): string => createHmac('sha256', key).update(nonce).digest('hex');

function listen(addr: string, key: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((sock) => {
      sock.on('error', () => undefined);
      sock.setTimeout(2_000, () => sock.destroy());
      // Challenge–response: the name of an abstract socket is visible to everyone (/proc/net/unix), so
      // a squatter may bind it once we are gone; it still cannot answer with the key's MAC.
      let text = '';
      let answered = false;
      sock.on('data', (d: Buffer) => {
        if (answered) return;
        text += d.toString('latin1');
        const nl = text.indexOf('\n');
        if (nl < 0 && text.length < 128) return;
        answered = true;
        const nonce = text.slice(0, Math.max(0, nl)).trim();
        sock.end(`${process.pid} ${/^[0-9a-f]{32}$/.test(nonce) ? proof(key, nonce) : '-'}\n`);
      });
    });
    server.once('error', reject);
    server.listen({ path: addr, exclusive: true }, () => {
      server.off('error', reject);
      server.on('error', () => undefined);
      server.unref(); // holding the lock must not keep the process alive
      resolve(server);
    });
  });
}

/**
 * Who holds the lock socket: the pid it answers with and whether it proved it knows the key (a
 * server of this db) — or null if nobody answers (a stale socket file, off Linux).
 */
function askHolder(addr: string, key: string): Promise<{ pid: number; genuine: boolean } | null> {
  return new Promise((resolve) => {
    const sock = net.connect({ path: addr });
    const nonce = randomBytes(16).toString('hex');
    let text = '';
    let settled = false;
    const done = (v: { pid: number; genuine: boolean } | null): void => {
      if (settled) return;
      settled = true;
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(2_000, () => done(null));
    sock.on('connect', () => sock.write(`${nonce}\n`));
    sock.on('data', (d: Buffer) => {
      if (text.length < 4096) text += d.toString('latin1');
    });
    // On end, or on close after an error (a squatter that hangs up at once resets our nonce's write):
    // whatever was answered counts; nothing at all is "nobody answers".
    const finish = (): void => {
      if (!text) return done(null);
      const [pidText = '', mac = ''] = text.trim().split(' ');
      const pid = Number(pidText);
      const want = Buffer.from(proof(key, nonce));
      const got = Buffer.from(mac);
      done({
        pid: Number.isSafeInteger(pid) && pid > 0 ? pid : 0,
        genuine: got.length === want.length && timingSafeEqual(got, want),
      });
    };
    sock.on('end', finish);
    sock.on('close', finish);
    sock.on('error', () => undefined);
  });
}

/**
 * Takes the lock of `dbFile`; resolves with its release. Rejects with DbLockedError when another
 * live process holds it. A lock this process already holds (a store dropped without close(), as
 * tests simulating a crash do) is taken over: the old holder's release then does nothing.
 */
export async function acquireDbLock(dbFile: string): Promise<() => void> {
  const { addr, key } = lockOf(dbFile);
  const mine = held.get(addr);
  if (mine) {
    held.delete(addr);
    await new Promise<void>((r) => mine.close(() => r()));
  }
  let server: net.Server;
  try {
    server = await listen(addr, key);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    const holder = await askHolder(addr, key);
    if (holder === null && !addr.startsWith('\0') && existsSync(addr)) {
      // A socket file nobody listens on: left by a killed server (non-Linux only). Replace it.
      unlinkSync(addr);
      return acquireDbLock(dbFile);
    }
    if (holder && !holder.genuine) {
      // Not a server of this db (it does not know the key): someone squats the lock's name.
      throw new DbLockedError(
        `the lock of ${dbFile} is held by a process that is not a server of this db (it does not know ` +
          `${lockKeyFile(dbFile)}; it claims pid ${holder.pid || '?'}). Stop that process, or, with no ` +
          'server running on this db, delete the key file to choose a new lock name',
      );
    }
    if (!holder)
      throw new DbLockedError(
        `${dbFile} is in use by another server that did not answer within 2 s (one still starting, or a ` +
          'process squatting the lock name); try again, or stop it, or start with another --db',
      );
    throw new DbLockedError(
      `${dbFile} is in use by another server (pid ${holder.pid}); stop it or start with another --db`,
    );
  }
  held.set(addr, server);
  // The pid file of earlier versions (db.json.lock) means nothing now; the db is ours, so tidy it away.
  rmSync(`${dbFile}.lock`, { force: true });
  return () => {
    if (held.get(addr) !== server) return; // taken over meanwhile (see above)
    held.delete(addr);
    server.close();
  };
}
