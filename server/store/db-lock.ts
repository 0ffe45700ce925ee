// One server per data file: two servers appending to the same change log would interleave their
// sequence numbers and each acknowledge changes the other's snapshot then overwrites.
//
// The lock is something the kernel releases when the process dies, however it dies: a listening
// Unix socket in Linux's abstract namespace, named after a hash of the db file's real path. Binding
// it is atomic (of two servers racing for one db exactly one gets it), it needs no file on disk (so
// nothing stale is ever left behind by kill -9, and no pid is compared with kill(pid, 0): a recycled
// pid, or a killed server that is still a zombie, cannot block a restart), and the holder answers a
// connection with its pid, so a refused server can say who holds the db.
// Elsewhere (macOS…) the socket is a file beside the db (`db.json.sock`); one nobody answers on is
// stale and replaced, which is a little racier but still never trusts a pid.
import { createHash } from 'node:crypto';
import { existsSync, realpathSync, rmSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

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

/** The address of the lock socket for a db file (exported for tests). */
export function lockAddress(dbFile: string): string {
  const real = realDbPath(dbFile);
  if (process.platform === 'linux') {
    return `\0terminal-auction-db/${createHash('sha256').update(real).digest('hex').slice(0, 40)}`;
  }
  return `${real}.sock`;
}

function listen(addr: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((sock) => {
      sock.on('error', () => undefined);
      sock.end(`${process.pid}\n`);
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

/** The pid the holder answers with, or null if nobody answers (a stale socket file, off Linux). */
function askHolder(addr: string): Promise<number | null> {
  return new Promise((resolve) => {
    const sock = net.connect({ path: addr });
    let text = '';
    const done = (v: number | null): void => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(2_000, () => done(null));
    sock.on('data', (d: Buffer) => {
      text += d.toString('latin1');
    });
    sock.on('end', () => {
      const pid = Number(text.trim());
      done(Number.isSafeInteger(pid) && pid > 0 ? pid : 0);
    });
    sock.on('error', () => done(null));
  });
}

/**
 * Takes the lock of `dbFile`; resolves with its release. Rejects with DbLockedError when another
 * live process holds it. A lock this process already holds (a store dropped without close(), as
 * tests simulating a crash do) is taken over: the old holder's release then does nothing.
 */
export async function acquireDbLock(dbFile: string): Promise<() => void> {
  const addr = lockAddress(dbFile);
  const mine = held.get(addr);
  if (mine) {
    held.delete(addr);
    await new Promise<void>((r) => mine.close(() => r()));
  }
  let server: net.Server;
  try {
    server = await listen(addr);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    const pid = await askHolder(addr);
    if (pid === null && !addr.startsWith('\0') && existsSync(addr)) {
      // A socket file nobody listens on: left by a killed server (non-Linux only). Replace it.
      unlinkSync(addr);
      return acquireDbLock(dbFile);
    }
    throw new DbLockedError(
      `${dbFile} is in use by another server${pid ? ` (pid ${pid})` : ''}; stop it or start with another --db`,
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
