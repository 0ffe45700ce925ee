// The history archive (PROTOCOL.md §8 "History"): auctions whose closure has ended leave the live
// document for monthly JSON-lines files beside it — `db.json.history/2026-11.jsonl`, one
// ArchiveRecord per line — that are only ever appended to. db.json and the work done at start then
// depend on what is open and pending, never on how much was ever sold.
//
// The move is one durable change: the `archive` change in the change log and its line here are
// written together (log-store.ts), and the change is durable only once both are. After a crash the
// two are reconciled at start by sequence number (`s`, the change's): a line whose change never
// became durable is cut off the end of the archive, and an archive change whose line is missing is
// written again from the replayed state. So a SIGKILL at any point loses nothing and duplicates nothing.
import {
  closeSync,
  constants,
  createReadStream,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  unlinkSync,
} from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ArchiveRecord } from '../state/model.js';
import { writeAll } from './write-all.js';
import {
  ensurePrivateDir,
  openPrivateSync,
  openReadNoFollowSync,
  readNoFollowSync,
  UnsafeFileError,
} from './private-files.js';

const { O_WRONLY, O_APPEND, O_CREAT, O_DSYNC, O_RDWR } = constants;
const FILE_RE = /^(\d{4}-\d{2})\.jsonl$/;
/** Every line starts with its sequence number (JSON.stringify keeps ArchiveRecord's key order). */
const SEQ_RE = /^\{"s":(\d+),/;

/** The archive directory of a db file: `db.json` → `db.json.history/`. */
export function archiveDir(dbFile: string): string {
  return `${dbFile}.history`;
}

/** `YYYY-MM` (UTC) of a time in ms. */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** The archive files, oldest month first. */
export function archiveFiles(dbFile: string): Array<{ month: string; file: string }> {
  const dir = archiveDir(dbFile);
  const st = lstatSync(dir, { throwIfNoEntry: false });
  if (!st) return [];
  // A planted link would have the archive read from (and appended to) somewhere else (20.11).
  if (st.isSymbolicLink()) throw new UnsafeFileError(dir, 'is a symbolic link');
  return readdirSync(dir)
    .map((f) => FILE_RE.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ month: m[1], file: path.join(dir, m[0]) }))
    .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Position of the last '\n' before `end` in the file (−1 if none), reading backwards in chunks. */
function lastNewlineBefore(fd: number, end: number): number {
  const buf = Buffer.alloc(64 * 1024);
  let pos = end;
  while (pos > 0) {
    const start = Math.max(0, pos - buf.length);
    const n = readSync(fd, buf, 0, pos - start, start);
    const i = buf.subarray(0, n).lastIndexOf(0x0a);
    if (i >= 0) return start + i;
    pos = start;
  }
  return -1;
}

/** The tail of one archive file: its complete length (a torn last line excluded) and the last line's seq. */
function tailOf(fd: number): { complete: number; lastSeq: number; lastStart: number } {
  const size = fstatSync(fd).size;
  if (size === 0) return { complete: 0, lastSeq: 0, lastStart: 0 };
  const nl = lastNewlineBefore(fd, size);
  const complete = nl + 1; // 0 if the file is one torn line
  if (complete === 0) return { complete: 0, lastSeq: 0, lastStart: 0 };
  const lastStart = lastNewlineBefore(fd, nl) + 1;
  const head = Buffer.alloc(Math.min(32, nl - lastStart));
  readSync(fd, head, 0, head.length, lastStart);
  const m = SEQ_RE.exec(head.toString('latin1'));
  if (!m) throw new Error(`archive line at byte ${lastStart} does not start with its sequence number`);
  return { complete, lastSeq: Number(m[1]), lastStart };
}

/** Appends records to the archive; one per db file, owned by the store (which holds the db lock). */
export class ArchiveWriter {
  private fd = -1;
  private month = '';
  /** Sequence number of the last complete record on disk (0: none). */
  lastSeq = 0;
  bytesWritten = 0;

  private constructor(private readonly dbFile: string) {}

  /** Opens the archive for appending: a torn last line (a write the crash interrupted) is cut off. */
  static open(dbFile: string): ArchiveWriter {
    const w = new ArchiveWriter(dbFile);
    // One found too open (0777) is made 0700, one that is a link or not ours refused (private-files.ts).
    if (existsSync(archiveDir(dbFile))) ensurePrivateDir(archiveDir(dbFile));
    w.lastSeq = w.repairTail(Infinity);
    return w;
  }

  /**
   * Cuts off every line whose change is not durable (s > durableSeq) — written beside an `archive`
   * change that the crash kept off the log — and any torn line; returns the last seq that remains.
   */
  truncateAfter(durableSeq: number): number {
    this.closeFd();
    this.lastSeq = this.repairTail(durableSeq);
    return this.lastSeq;
  }

  private repairTail(maxSeq: number): number {
    const files = archiveFiles(this.dbFile);
    for (let i = files.length - 1; i >= 0; i--) {
      const fd = openPrivateSync(files[i].file, O_RDWR);
      try {
        for (;;) {
          const t = tailOf(fd);
          const size = fstatSync(fd).size;
          if (t.complete === 0) {
            if (size > 0) ftruncateSync(fd, 0);
            break;
          }
          if (t.complete < size) {
            ftruncateSync(fd, t.complete);
            fsyncSync(fd);
          }
          if (t.lastSeq <= maxSeq) return t.lastSeq;
          ftruncateSync(fd, t.lastStart);
          fsyncSync(fd);
        }
      } finally {
        closeSync(fd);
      }
      // Nothing durable left in this file (it only ever held lines the crash cut off): remove it.
      unlinkSync(files[i].file);
      fsyncDir(archiveDir(this.dbFile));
    }
    return 0;
  }

  /** The month file a record archived at `at` goes to: never earlier than the latest one (clock steps back). */
  private monthFor(at: number): string {
    const m = monthOf(at);
    const latest = this.month || archiveFiles(this.dbFile).at(-1)?.month || '';
    return m > latest ? m : latest;
  }

  private fdFor(month: string): number {
    if (this.fd >= 0 && this.month === month) return this.fd;
    this.closeFd();
    const dir = archiveDir(this.dbFile);
    if (ensurePrivateDir(dir)) fsyncDir(path.dirname(dir));
    const file = path.join(dir, `${month}.jsonl`);
    const created = !existsSync(file);
    this.fd = openPrivateSync(file, O_WRONLY | O_APPEND | O_CREAT | O_DSYNC);
    if (created) fsyncDir(dir);
    this.month = month;
    return this.fd;
  }

  /** Appends encoded record lines (in seq order), durably (O_DSYNC). */
  async append(lines: Array<{ seq: number; at: number; text: string }>): Promise<void> {
    let i = 0;
    while (i < lines.length) {
      const month = this.monthFor(lines[i].at);
      let j = i + 1;
      while (j < lines.length && this.monthFor(lines[j].at) === month) j++;
      const bytes = Buffer.from(
        lines
          .slice(i, j)
          .map((l) => l.text)
          .join(''),
        'utf8',
      );
      const fd = this.fdFor(month);
      await writeAll(fd, bytes);
      this.bytesWritten += bytes.length;
      this.lastSeq = lines[j - 1].seq;
      i = j;
    }
  }

  private closeFd(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.month = '';
  }

  close(): void {
    this.closeFd();
  }
}

/** One archive line, as written. */
export function encodeRecord(r: ArchiveRecord): string {
  return `${JSON.stringify(r)}\n`;
}

export interface ReadArchiveOptions {
  /** Skip whole files of months before this one (`YYYY-MM`). */
  fromMonth?: string;
  /** Only records with s ≤ this (lines beyond the durable log, still being written, are not history yet). */
  maxSeq?: number;
}

function parseLine(line: string): ArchiveRecord | null {
  if (line === '') return null;
  try {
    return JSON.parse(line) as ArchiveRecord;
  } catch {
    return null; // the torn tail (only the last line can be)
  }
}

/** The whole archive in memory, read synchronously: for tests and small inspections only. */
export function readArchiveSync(dbFile: string, opts: ReadArchiveOptions = {}): ArchiveRecord[] {
  const out: ArchiveRecord[] = [];
  for (const { month, file } of archiveFiles(dbFile)) {
    if (opts.fromMonth && month < opts.fromMonth) continue;
    for (const line of readNoFollowSync(file).split('\n')) {
      const r = parseLine(line);
      if (r && (opts.maxSeq === undefined || r.s <= opts.maxSeq)) out.push(r);
    }
  }
  return out;
}

/**
 * Every record in the archive, oldest file first, streamed line by line (memory does not grow with
 * the archive). A torn last line — a write still under way or cut by a crash — is skipped.
 */
export async function* readArchive(dbFile: string, opts: ReadArchiveOptions = {}): AsyncGenerator<ArchiveRecord> {
  for (const { month, file } of archiveFiles(dbFile)) {
    if (opts.fromMonth && month < opts.fromMonth) continue;
    const lines = createInterface({
      input: createReadStream('', { encoding: 'utf8', fd: openReadNoFollowSync(file) }),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      const r = parseLine(line);
      if (r && (opts.maxSeq === undefined || r.s <= opts.maxSeq)) yield r;
    }
  }
}
