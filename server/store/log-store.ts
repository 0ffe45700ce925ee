// The durable store (PROTOCOL.md §8): db.json is a lowdb snapshot of the whole document; every change
// after it is appended to a change log (`db.json.wal.N`, one JSON line per change) in batches, one
// O_DSYNC write per batch (group commit: as durable as write + fdatasync, one thread-pool trip). A bid therefore costs one short appended line, whatever
// the history size. When the log has grown as large as the snapshot (so the rewrite is paid for by
// as many bytes of appends: amortized O(1) per change), a new snapshot is written in the background
// and the log segments it covers are deleted. At start: read db.json, replay the log, snapshot.
//
// Crash safety: a change's reply is released only once its line is fsync'd; a torn last line (the
// process died mid-write, so nothing that depends on it was ever acknowledged) is ignored; anything
// else that does not fit stops the server and leaves every file untouched.
import { closeSync, constants, openSync, readdirSync, readFileSync, unlinkSync, write } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Low } from 'lowdb';
import { applyChange, ReplayError, type Change } from '../state/changes.js';
import { emptyDoc, normalizeDoc, type DbDoc, type StoredBid } from '../state/model.js';
import { DamagedFileError, DurableJsonFile, parseDocument } from './durable-json-file.js';
import { acquireDbLock } from './db-lock.js';
import type { Store, StoreStats } from './store.js';

const writeP = promisify(write) as (
  fd: number,
  data: Buffer,
  offset: number,
  length: number,
) => Promise<{ bytesWritten: number }>;
// The log is opened O_DSYNC: each write returns only once its bytes are on disk, as write + fdatasync
// would, but in one thread-pool round trip instead of two (each round trip waits for the event loop).
const { O_WRONLY, O_APPEND, O_CREAT, O_DSYNC } = constants;
const LOG_FLAGS = O_WRONLY | O_APPEND | O_CREAT | O_DSYNC;

export interface LogStoreOptions {
  /** Snapshot once the log is at least this large and at least as large as the snapshot. */
  minSnapshotLogBytes?: number;
}

export function validateDoc(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'is not a JSON object';
  const d = data as Partial<DbDoc>;
  if (d.format !== 'terminal-auction/1') return `has format ${JSON.stringify(d.format)}, expected "terminal-auction/1"`;
  if (!Number.isSafeInteger(d.seq) || (d.seq as number) < 0) return 'has no valid "seq"';
  if (!Number.isSafeInteger(d.rqCeiling)) return 'has no valid "rqCeiling"';
  for (const k of ['accounts', 'auctions', 'closures'] as const) {
    if (typeof d[k] !== 'object' || d[k] === null || Array.isArray(d[k])) return `has no "${k}" object`;
  }
  if (!Array.isArray(d.transactions)) return 'has no "transactions" array';
  for (const [id, a] of Object.entries(d.auctions as Record<string, unknown>)) {
    const au = a as DbDoc['auctions'][string];
    if (
      !au ||
      typeof au.item !== 'string' ||
      !Array.isArray(au.bids) ||
      !Array.isArray(au.subscribers) ||
      !Number.isFinite(au.closesAt)
    ) {
      return `auction "${id}" is incomplete`;
    }
  }
  return null;
}

/**
 * Serializes the document for a snapshot as JSON.stringify(doc) would (compact), but keeps the text of
 * every bid already serialized: a bid list only ever grows at its end (applyChange pushes; nothing edits
 * or removes a stored bid), so each snapshot stringifies only the bids added since the last one, plus
 * the small rest of the document. With 100k bids on file this turned a ~90 ms stall of the event loop
 * per snapshot (a full JSON.stringify with indentation) into a few ms. A list that was replaced or
 * shrank is detected (array identity, length, last element) and serialized afresh.
 */
export class SnapshotSerializer {
  private bidText = new WeakMap<StoredBid[], { n: number; last: StoredBid; chunks: Buffer[] }>();
  private out: Buffer[] = [];
  private pending = '';

  /** The document as compact JSON bytes. */
  serialize(doc: DbDoc): Buffer {
    this.out = [];
    this.pending = '{';
    let first = true;
    for (const [k, v] of Object.entries(doc)) {
      if (v === undefined || typeof v === 'function') continue;
      this.pending += `${first ? '' : ','}${JSON.stringify(k)}:`;
      first = false;
      if (k === 'auctions') this.auctions(v as DbDoc['auctions']);
      else this.pending += JSON.stringify(v);
    }
    this.pending += '}';
    this.flushPending();
    const bytes = Buffer.concat(this.out);
    this.out = [];
    return bytes;
  }

  private flushPending(): void {
    if (this.pending) this.out.push(Buffer.from(this.pending, 'utf8'));
    this.pending = '';
  }

  private auctions(auctions: DbDoc['auctions']): void {
    this.pending += '{';
    let first = true;
    for (const [id, au] of Object.entries(auctions)) {
      const { bids, ...head } = au;
      const h = JSON.stringify(head);
      this.pending += `${first ? '' : ','}${JSON.stringify(id)}:${h.length > 2 ? `${h.slice(0, -1)},` : '{'}"bids":[`;
      first = false;
      const chunks = this.bids(bids);
      if (chunks.length) {
        this.flushPending();
        for (const c of chunks) this.out.push(c);
      }
      this.pending += ']}';
    }
    this.pending += '}';
  }

  /** The bids as JSON text chunks (comma-separated, without the brackets), encoded once and reused. */
  private bids(bids: StoredBid[]): Buffer[] {
    let c = this.bidText.get(bids);
    if (c && (c.n > bids.length || bids[c.n - 1] !== c.last)) c = undefined;
    if (!c) {
      c = { n: 0, last: bids[0], chunks: [] };
      this.bidText.set(bids, c);
    }
    if (bids.length > c.n) {
      const more = JSON.stringify(bids.slice(c.n)).slice(1, -1);
      c.chunks.push(Buffer.from(c.n > 0 ? `,${more}` : more, 'utf8'));
      c.n = bids.length;
      c.last = bids[bids.length - 1];
    }
    return c.chunks;
  }
}

interface Segment {
  gen: number;
  file: string;
}

function listSegments(dbFile: string): Segment[] {
  const dir = path.dirname(dbFile);
  const prefix = `${path.basename(dbFile)}.wal.`;
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && /^\d+$/.test(f.slice(prefix.length)))
    .map((f) => ({ gen: Number(f.slice(prefix.length)), file: path.join(dir, f) }))
    .sort((a, b) => a.gen - b.gen);
}

/** Replays log segments onto doc; returns how many changes were applied. Throws DamagedFileError. */
function replay(doc: DbDoc, segments: Segment[]): number {
  let applied = 0;
  for (const seg of segments) {
    const text = readFileSync(seg.file, 'utf8');
    const lines = text.split('\n');
    // The last element is '' after a final newline, or a torn line that was never acknowledged.
    lines.pop();
    lines.forEach((line, i) => {
      let entry: { s: number; c: Change };
      try {
        entry = JSON.parse(line) as { s: number; c: Change };
      } catch {
        throw new DamagedFileError(seg.file, `line ${i + 1} is not valid JSON`);
      }
      if (!Number.isSafeInteger(entry?.s) || typeof entry.c?.t !== 'string') {
        throw new DamagedFileError(seg.file, `line ${i + 1} is not a change record`);
      }
      if (entry.s <= doc.seq) return; // already in the snapshot
      if (entry.s !== doc.seq + 1) {
        throw new DamagedFileError(
          seg.file,
          `line ${i + 1} has sequence ${entry.s}, expected ${doc.seq + 1} (a change is missing)`,
        );
      }
      try {
        applyChange(doc, entry.c);
      } catch (e) {
        if (e instanceof ReplayError) throw new DamagedFileError(seg.file, `line ${i + 1}: ${e.message}`);
        throw e;
      }
      doc.seq = entry.s;
      applied++;
    });
  }
  return applied;
}

/**
 * The durable state as a restart would see it (db.json + change log), read-only: nothing is written.
 * For tests, the benchmark's loss check and inspection while a server runs.
 */
export function readDurableState(file: string): DbDoc {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    text = '';
  }
  const doc = text === '' ? emptyDoc() : normalizeDoc(parseDocument<DbDoc>(file, text, validateDoc));
  replay(doc, listSegments(file));
  return doc;
}

export class LogStore implements Store {
  private pending: string[] = [];
  private pendingLastSeq = 0;
  private flushing = false;
  private flushScheduled = false;
  private fd = -1;
  private gen = 0;
  private logBytes = 0;
  private snapshotting: Promise<void> | null = null;
  private readonly serializer = new SnapshotSerializer();
  private closed = false;
  private durableListeners: Array<(seq: number) => void> = [];
  private fatalListeners: Array<(err: Error) => void> = [];
  private waiters: Array<{ seq: number; resolve: () => void; reject: (e: Error) => void }> = [];
  private counters = { commits: 0, writes: 0, snapshots: 0 };
  private fatal: Error | null = null;
  lastSeq: number;
  durableSeq: number;

  private constructor(
    readonly file: string,
    private readonly low: Low<DbDoc>,
    private readonly adapter: DurableJsonFile<DbDoc>,
    private readonly minSnapshotLogBytes: number,
  ) {
    this.lastSeq = low.data.seq;
    this.durableSeq = low.data.seq;
  }

  get doc(): DbDoc {
    return this.low.data;
  }

  /** Opens (or creates) the db file. Throws DamagedFileError, leaving every file untouched, if it cannot be used. */
  static async open(file: string, opts: LogStoreOptions = {}): Promise<LogStore> {
    const release = await acquireDbLock(file);
    try {
      const store = await LogStore.openLocked(file, opts);
      store.releaseLock = release;
      return store;
    } catch (e) {
      release();
      throw e;
    }
  }

  private releaseLock: () => void = () => undefined;

  private static async openLocked(file: string, opts: LogStoreOptions): Promise<LogStore> {
    const adapter = new DurableJsonFile<DbDoc>(file, validateDoc);
    const low = new Low<DbDoc>(adapter, emptyDoc());
    const existing = await adapter.read(); // validates; throws before anything is written
    const existed = existing !== null;
    if (existing) low.data = normalizeDoc(existing);
    const segments = listSegments(file);
    const replayed = replay(low.data, segments);
    const store = new LogStore(file, low, adapter, opts.minSnapshotLogBytes ?? 4 * 1024 * 1024);
    // Fold the replayed log into a fresh snapshot so each run starts from one file and an empty log.
    if (!existed || replayed > 0 || segments.length > 0) {
      await low.write();
      for (const s of segments) unlinkSync(s.file);
      store.counters.snapshots++;
    }
    store.openSegment(low.data.seq + 1);
    return store;
  }

  private openSegment(gen: number): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.gen = gen;
    this.fd = openSync(`${this.file}.wal.${gen}`, LOG_FLAGS, 0o600);
    this.logBytes = 0;
  }

  commit(change: Change): number {
    if (this.fatal) throw this.fatal;
    if (this.closed) throw new Error('store is closed');
    applyChange(this.doc, change);
    const seq = ++this.lastSeq;
    this.doc.seq = seq;
    this.pending.push(`{"s":${seq},"c":${JSON.stringify(change)}}\n`);
    this.pendingLastSeq = seq;
    this.counters.commits++;
    if (!this.flushing && !this.flushScheduled) {
      // Wait for the rest of this I/O phase so datagrams read together share one write + fsync.
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        void this.flushLoop();
      });
    }
    return seq;
  }

  private async flushLoop(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending.length > 0 && !this.fatal) {
        const batch = this.pending.join('');
        const upTo = this.pendingLastSeq;
        this.pending = [];
        const fd = this.fd;
        const bytes = Buffer.from(batch, 'utf8');
        // O_DSYNC: durable once each write returns; a short write is continued, never left torn.
        for (let off = 0; off < bytes.length;) off += (await writeP(fd, bytes, off, bytes.length - off)).bytesWritten;
        this.counters.writes++;
        this.logBytes += bytes.length;
        this.advanceDurable(upTo);
        this.maybeSnapshot();
      }
    } catch (e) {
      this.fail(e as Error);
    } finally {
      this.flushing = false;
    }
  }

  private advanceDurable(seq: number): void {
    if (seq <= this.durableSeq) return;
    this.durableSeq = seq;
    for (const l of this.durableListeners) l(seq);
    if (this.waiters.length) {
      const ready = this.waiters.filter((w) => w.seq <= seq);
      this.waiters = this.waiters.filter((w) => w.seq > seq);
      for (const w of ready) w.resolve();
    }
  }

  /**
   * Rotate the log and snapshot the document as of now. Changes committed but not yet written go to the
   * new segment; replay skips what the snapshot already has, so nothing is lost whichever write lands first.
   */
  private maybeSnapshot(): void {
    if (this.snapshotting || this.closed) return;
    if (this.logBytes < Math.max(this.minSnapshotLogBytes, this.adapter.lastBytes)) return;
    const covered = listSegments(this.file).filter((s) => s.gen <= this.gen);
    this.openSegment(this.lastSeq + 1);
    const snapshotSeq = this.lastSeq;
    // Serialized synchronously: the document exactly as of snapshotSeq.
    this.snapshotting = this.adapter
      .writeSerialized(this.serializer.serialize(this.doc))
      .then(() => {
        for (const s of covered) unlinkSync(s.file);
        this.counters.snapshots++;
        this.advanceDurable(snapshotSeq);
      })
      .catch((e: Error) => this.fail(e))
      .finally(() => {
        this.snapshotting = null;
      });
  }

  private fail(err: Error): void {
    if (this.fatal) return;
    this.fatal = new Error(`cannot write ${this.file}: ${err.message}`);
    for (const w of this.waiters) w.reject(this.fatal);
    this.waiters = [];
    for (const l of this.fatalListeners) l(this.fatal);
  }

  onDurable(listener: (seq: number) => void): void {
    this.durableListeners.push(listener);
  }
  onFatal(listener: (err: Error) => void): void {
    this.fatalListeners.push(listener);
  }

  flush(): Promise<void> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (this.durableSeq >= this.lastSeq) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ seq: this.lastSeq, resolve, reject }));
  }

  stats(): StoreStats {
    return { ...this.counters, snapshotBytes: this.adapter.lastBytes, logBytes: this.logBytes };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush().catch(() => undefined);
    await this.snapshotting;
    this.closed = true;
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    // A clean stop folds the change log into db.json, so the file alone tells the whole story.
    if (!this.fatal) {
      const segments = listSegments(this.file);
      if (this.logBytes > 0 || segments.length > 1) await this.low.write();
      for (const seg of segments) unlinkSync(seg.file);
    }
    this.releaseLock();
  }
}
