// Opening files in the data directory without trusting what is already there (issue 20.11). Anyone
// who can write into the directory (a shared /tmp, a careless mode) could plant a symbolic link named
// like one of our files — `db.log`, `.db.json.tmp`, `db.json.wal.7` — and have us append our log to,
// or overwrite, whatever it points at, with our rights. So: never follow a link (O_NOFOLLOW on the
// last component, lstat for directories), create temp files exclusively (O_EXCL), refuse anything
// that is not a plain file of ours, and keep modes private (0600 files, 0700 directories).
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  unlinkSync,
  chmodSync,
} from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open as openAsync } from 'node:fs/promises';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL } = constants;
/** 0 where the platform has none (Windows): there the checks below still refuse a link found by lstat. */
export const O_NOFOLLOW: number = constants.O_NOFOLLOW ?? 0;

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** A file in the data directory that is not what it must be; the message names it and says why. */
export class UnsafeFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}; refusing to use it (remove it, or start with another --db)`);
    this.name = 'UnsafeFileError';
  }
}

function explain(file: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  // ELOOP is what O_NOFOLLOW gives for a symbolic link; EMLINK on some BSDs.
  if (code === 'ELOOP' || code === 'EMLINK') return new UnsafeFileError(file, 'is a symbolic link');
  return e as Error;
}

/** After open: a regular file, ours, one name (a hard link would write through to another path), 0600. */
function checkOpened(file: string, fd: number): void {
  const st = fstatSync(fd);
  const problem = !st.isFile()
    ? 'is not a regular file'
    : typeof process.getuid === 'function' && st.uid !== process.getuid()
      ? `belongs to uid ${st.uid}, not to this server's uid ${process.getuid()}`
      : st.nlink > 1
        ? `has ${st.nlink} hard links (another path would be written too)`
        : null;
  if (problem) {
    closeSync(fd);
    throw new UnsafeFileError(file, problem);
  }
  if ((st.mode & 0o777) !== FILE_MODE) fchmodSync(fd, FILE_MODE);
}

/** openSync with O_NOFOLLOW; a file created or found is checked (checkOpened) and made 0600. */
export function openPrivateSync(file: string, flags: number): number {
  let fd: number;
  try {
    fd = openSync(file, flags | O_NOFOLLOW, FILE_MODE);
  } catch (e) {
    throw explain(file, e);
  }
  checkOpened(file, fd);
  return fd;
}

/** A regular file opened for reading, not through a link (the caller closes the descriptor). */
export function openReadNoFollowSync(file: string): number {
  let fd: number;
  try {
    fd = openSync(file, O_RDONLY | O_NOFOLLOW);
  } catch (e) {
    throw explain(file, e);
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new UnsafeFileError(file, 'is not a regular file');
  }
  return fd;
}

/**
 * A file's whole text, not following a link and only from a regular file (ENOENT is thrown as is,
 * for callers that expect it). Read-only: nothing about the file is changed (inspection tools use it).
 */
export function readNoFollowSync(file: string): string {
  const fd = openReadNoFollowSync(file);
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.toString('utf8', 0, off);
  } finally {
    closeSync(fd);
  }
}

/**
 * A temp file created exclusively (O_CREAT | O_EXCL | O_NOFOLLOW), 0600. A stale one — left by a
 * crash, or planted — is unlinked first: unlink removes a link itself, never its target. Should
 * something be planted again between the unlink and the create, the create fails: nothing is written.
 */
export async function createTempExclusive(file: string): Promise<FileHandle> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await openAsync(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, FILE_MODE);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 2) throw explain(file, e);
      const st = lstatSync(file, { throwIfNoEntry: false });
      if (st?.isDirectory()) throw new UnsafeFileError(file, 'is a directory');
      try {
        unlinkSync(file);
      } catch (u) {
        if ((u as NodeJS.ErrnoException).code !== 'ENOENT') throw u;
      }
    }
  }
}

/**
 * A directory of ours in the data directory (`db.json.history/`): created 0700 if missing; refused if
 * it is a link or not a directory or not ours; an existing one too open (0777) is made 0700.
 * Returns whether it was created.
 */
export function ensurePrivateDir(dir: string): boolean {
  let st = lstatSync(dir, { throwIfNoEntry: false });
  let created = false;
  if (!st) {
    try {
      mkdirSync(dir, { mode: DIR_MODE });
      created = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    st = lstatSync(dir);
  }
  if (st.isSymbolicLink()) throw new UnsafeFileError(dir, 'is a symbolic link');
  if (!st.isDirectory()) throw new UnsafeFileError(dir, 'is not a directory');
  if (typeof process.getuid === 'function' && st.uid !== process.getuid())
    throw new UnsafeFileError(dir, `belongs to uid ${st.uid}, not to this server's uid ${process.getuid()}`);
  // mkdir's mode is masked by the umask; chmod sets exactly 0700 (also on one found 0777).
  if ((st.mode & 0o777) !== DIR_MODE) chmodSync(dir, DIR_MODE);
  return created;
}
