// One server per data file: two servers appending to the same change log would interleave their
// sequence numbers and each acknowledge changes the other's snapshot then overwrites. `db.json.lock`
// holds the owner's pid; a lock left by a process that no longer exists (kill -9, power loss) is stale
// and taken over, so a crash never keeps the server from coming back.
import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';

export class DbLockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Takes the lock beside `dbFile`; returns its release. Throws DbLockedError when a live server holds it. */
export function acquireDbLock(dbFile: string): () => void {
  const lockFile = `${dbFile}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(lockFile, 'utf8').trim() === String(process.pid)) unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(lockFile, 'utf8').trim());
    } catch {
      /* vanished meanwhile: retry */
    }
    // Our own pid: a store of this process that was dropped without close() (tests simulating a crash).
    if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
      throw new DbLockedError(
        `${dbFile} is in use by another server (pid ${owner}, see ${lockFile}); stop it or start with another --db`,
      );
    }
    try {
      unlinkSync(lockFile);
    } catch {
      /* someone else removed it: retry */
    }
  }
  throw new DbLockedError(`${dbFile}: could not take ${lockFile}; another server may be starting on it`);
}
