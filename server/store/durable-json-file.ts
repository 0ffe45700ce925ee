// A lowdb adapter for db.json that is crash-safe: lowdb's own JSONFile (via steno) writes a temp file
// and renames it but never fsyncs, so after a power loss the rename can point at an empty file.
// This one fsyncs the temp file before the rename and the directory after it.
import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { writeAllv } from './write-all.js';
import { createTempExclusive, readNoFollowSync, UnsafeFileError } from './private-files.js';

/** db.json exists but cannot be used; the message names the file and the problem. */
export class DamagedFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'DamagedFileError';
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  const fd = await open(dir, 'r');
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
}

/** The text of `file` as a validated document; DamagedFileError if it is not JSON or not valid. */
export function parseDocument<T>(file: string, text: string, validate: (data: unknown) => string | null): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new DamagedFileError(file, `is not valid JSON (${(e as Error).message})`);
  }
  const problem = validate(data);
  if (problem) throw new DamagedFileError(file, problem);
  return data as T;
}

export class DurableJsonFile<T> implements Adapter<T> {
  private readonly tmp: string;
  /** Bytes of the last snapshot written or read: the store sizes its change log against it. */
  lastBytes = 0;

  constructor(
    readonly file: string,
    private readonly validate: (data: unknown) => string | null,
  ) {
    this.tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      // Not through a link (20.11): the snapshot replaces db.json by rename, so a planted link would be
      // read once and then silently replaced; refused instead.
      text = readNoFollowSync(this.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      if (e instanceof UnsafeFileError) throw e;
      throw new DamagedFileError(this.file, `cannot be read (${(e as Error).message})`);
    }
    this.lastBytes = Buffer.byteLength(text);
    return parseDocument(this.file, text, this.validate);
  }

  /** Serializes synchronously (a consistent snapshot of `data` as of the call, compact), then writes durably. */
  write(data: T): Promise<void> {
    return this.writeSerialized(JSON.stringify(data));
  }

  /** Writes an already serialized document durably (temp file, fsync, rename, fsync the directory). */
  async writeSerialized(text: string | Buffer | readonly Buffer[]): Promise<void> {
    this.lastBytes =
      typeof text === 'string'
        ? Buffer.byteLength(text)
        : Buffer.isBuffer(text)
          ? text.length
          : text.reduce((n, b) => n + b.length, 0);
    // Exclusively (20.11): a stale or planted `.db.json.tmp` (a link to a file of ours elsewhere) is
    // unlinked, never written through.
    const fd = await createTempExclusive(this.tmp);
    try {
      if (typeof text === 'string' || Buffer.isBuffer(text)) await fd.writeFile(text);
      else await writeAllv(fd, text);
      await fd.sync();
    } finally {
      await fd.close();
    }
    await rename(this.tmp, this.file);
    await fsyncDir(path.dirname(this.file));
  }
}
