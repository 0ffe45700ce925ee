// The durable store (PROTOCOL.md §8): db.json is a lowdb snapshot of the whole document; every change after it is
// appended to a change log (`db.json.wal.N`, a line per change: log-line.ts) in batches, one O_DSYNC write per batch
// (group commit: as durable as write + fdatasync, one thread-pool trip). A bid therefore costs one short appended line,
// whatever the history size. When the log has grown as large as the snapshot (so the rewrite is paid for by as many
// bytes of appends: amortized O(1) per change), a new snapshot is written in the background and the log segments it
// covers are deleted. At start: read db.json, replay the log, snapshot.
//
// Crash safety: a change's reply is released only once its line is fsync'd; a torn last line (the
// process died mid-write, so nothing that depends on it was ever acknowledged) is ignored; anything
// else that does not fit stops the server and leaves every file untouched.
import { closeSync, constants, readdirSync, readSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { applyChange, archiveRecord, ReplayError, type Change } from '../state/changes.js';
import { emptyDoc, normalizeDoc, type ArchiveRecord, type DbDoc, type StoredBid } from '../state/model.js';
import { DamagedFileError, DurableJsonFile, parseDocument } from './durable-json-file.js';
import { archiveDir, ArchiveWriter, encodeRecord, readArchiveSync } from './archive.js';
import { acquireDbLock } from './db-lock.js';
import type { MemoSink, ReplyMemo, Store, StoreStats } from './store.js';
import { writeAll } from './write-all.js';
import { openPrivateSync, openReadNoFollowSync, readNoFollowSync } from './private-files.js';
import {
  bidMemoAsStrings,
  coveredBidMemo,
  coveredBidMemoBytes,
  decodeLine,
  encodeChange,
  memoBase,
  withMemo,
  type BidMemoSink,
} from './log-line.js';

// The log is opened O_DSYNC: each write returns only once its bytes are on disk, as write + fdatasync
// would, but in one thread-pool round trip instead of two (each round trip waits for the event loop).
const { O_WRONLY, O_APPEND, O_CREAT, O_DSYNC } = constants;
const LOG_FLAGS = O_WRONLY | O_APPEND | O_CREAT | O_DSYNC;

export interface LogStoreOptions {
  /** Snapshot once the log is at least this large and at least as large as the snapshot. */
  minSnapshotLogBytes?: number;
  /**
   * Fault injection for the crash tests (test/lifecycle/archive.test.ts): SIGKILL this process
   * right after the archive line of an `archive` change is on disk but before its log line is
   * ('archive-line'), or after the log line but before the archive line ('log-line').
   */
  crashAt?: 'archive-line' | 'log-line';
  /** The reply-cache window (§3): memos younger than this come back at open; segments holding them are kept. */
  memoTtlMs?: number;
  /** Most bytes of covered log segments kept for their memos (the oldest go first beyond it). */
  maxRetainedBytes?: number;
  now?: () => number;
  /**
   * Takes the reply memos younger than the window (oldest first) as the log is read at open: the
   * server's reply cache (§3). Without it they are not recovered (recoverMemos has none).
   */
  onRecoveredMemo?: MemoSink;
  /** A BID's usual memo as bytes (log-line.ts), instead of as strings to onRecoveredMemo. */
  onRecoveredBidMemo?: BidMemoSink;
}

const MEMO_TTL_MS = 120_000;
const MAX_RETAINED_BYTES = 256 * 1024 * 1024;

/** A log segment the snapshot already covers, kept only for the reply memos in it, until `until`. */
interface Retained {
  file: string;
  until: number;
  bytes: number;
}

/** An encoded archive line waiting to be written beside its change. */
interface ArchiveLine {
  seq: number;
  at: number;
  text: string;
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
const COMMA = Buffer.from(',');

/** Whether a run of cached auctions ends after `id`: about one id in `every`, decided by the id alone. */
function runEnds(id: string, every: number): boolean {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) % every === 0;
}
const CLOSE_AUCTION = Buffer.from(']}');

export class SnapshotSerializer {
  private bidText = new WeakMap<StoredBid[], { n: number; last: StoredBid; chunks: Buffer[] }>();
  /** The head (all but the bids) of each auction as last encoded, for auctions no change touched since. */
  private headText = new Map<string, { au: DbDoc['auctions'][string]; prefix: Buffer }>();
  /** Runs of consecutive auctions as last encoded, by their first id (see `auctions`). */
  private runs = new Map<
    string,
    {
      comma: boolean;
      ids: string[];
      aus: DbDoc['auctions'][string][];
      bids: StoredBid[][];
      bidsN: number[];
      /** Each auction's head as encoded in `bytes` (see `run`). */
      prefixes: Buffer[];
      bytes: Buffer;
    }
  >();
  private out: Buffer[] = [];
  private pending = '';

  /** `runEvery`: the mean length of a cached run of auctions (small in tests, to exercise the edges). */
  constructor(private readonly runEvery = 64) {}

  /**
   * The document as compact JSON bytes. With `dirty` — the ids of the auctions any change touched since
   * the last call (the store keeps it) — the other auctions' heads are not encoded again: on a floor of
   * 10,000 open auctions under a bid storm, a snapshot then costs the few auctions being bid on.
   */
  serialize(doc: DbDoc, dirty?: ReadonlySet<string>): Buffer {
    return Buffer.concat(this.serializeParts(doc, dirty));
  }

  /**
   * The same bytes as `serialize`, as the list of buffers they are made of (written with one writev):
   * joining 5 MB into one buffer was a third of a 10,000-lot snapshot's time on the event loop. The
   * buffers are never changed afterwards (a changed run or bid list gets new ones), so the list stays
   * the snapshot while it is written.
   */
  serializeParts(doc: DbDoc, dirty?: ReadonlySet<string>): Buffer[] {
    this.out = [];
    this.pending = '{';
    let first = true;
    for (const [k, v] of Object.entries(doc)) {
      if (v === undefined || typeof v === 'function') continue;
      this.pending += `${first ? '' : ','}${JSON.stringify(k)}:`;
      first = false;
      if (k === 'auctions') this.auctions(v as DbDoc['auctions'], dirty);
      else this.pending += JSON.stringify(v);
    }
    this.pending += '}';
    this.flushPending();
    const parts = this.out;
    this.out = [];
    return parts;
  }

  private flushPending(): void {
    if (this.pending) this.out.push(Buffer.from(this.pending, 'utf8'));
    this.pending = '';
  }

  private auctions(auctions: DbDoc['auctions'], dirty: ReadonlySet<string> | undefined): void {
    this.pending += '{';
    this.flushPending();
    const ids = Object.keys(auctions);
    if (!dirty) {
      // No record of what changed: every auction is encoded (bids still reused).
      for (let i = 0; i < ids.length; i++) this.out.push(...this.auction(ids[i], auctions[ids[i]], i > 0, undefined));
    } else {
      // Runs of auctions as one cached buffer each. A run ends after an id whose hash says so (content-
      // defined, not every N positions), so an auction leaving the floor (archived) or joining it (listed,
      // at the end) changes only its own run; the other runs' bytes are reused as they are. On a floor of
      // 10,000 lots a snapshot then hands over ~160 buffers instead of 40,000 pieces (11 ms → 4 ms, most of
      // what is left being the walk over the ids to check that their runs are unchanged).
      let runStart = 0;
      for (let i = 0; i < ids.length; i++) {
        if (i === ids.length - 1 || runEnds(ids[i], this.runEvery)) {
          this.out.push(this.run(ids, runStart, i + 1, auctions, dirty, runStart > 0));
          runStart = i + 1;
        }
      }
      if (this.runs.size > 2 * Math.ceil(ids.length / this.runEvery) + 64) {
        for (const [first, r] of this.runs)
          if (!(first in auctions) || r.ids.some((id) => !(id in auctions))) this.runs.delete(first);
      }
    }
    this.pending += '}';
    // Archived auctions leave the document: forget their heads once they are a good part of the cache.
    if (this.headText.size > 2 * ids.length + 64) {
      for (const id of this.headText.keys()) if (!(id in auctions)) this.headText.delete(id);
    }
  }

  /** `ids[from..to)` as one buffer (with a leading comma unless first), reused while none of them changed. */
  private run(
    ids: string[],
    from: number,
    to: number,
    auctions: DbDoc['auctions'],
    dirty: ReadonlySet<string>,
    comma: boolean,
  ): Buffer {
    const cached = this.runs.get(ids[from]);
    if (cached && cached.comma === comma && cached.ids.length === to - from) {
      let same = true;
      for (let i = from; i < to && same; i++) {
        const id = ids[i];
        const au = auctions[id];
        const k = i - from;
        same =
          cached.ids[k] === id &&
          cached.aus[k] === au &&
          cached.bids[k] === au.bids &&
          cached.bidsN[k] === au.bids.length &&
          // A change since may have re-encoded this auction in another run (the run ends move as auctions
          // are archived and listed) and left this cached run holding its old head: its head must still
          // be the one this run was built with (a property test found a closed auction shown open).
          this.headText.get(id)?.prefix === cached.prefixes[k] &&
          !dirty.has(id);
      }
      if (same) return cached.bytes;
    }
    const parts: Buffer[] = [];
    for (let i = from; i < to; i++) parts.push(...this.auction(ids[i], auctions[ids[i]], comma || i > from, dirty));
    const slice = ids.slice(from, to);
    const bytes = Buffer.concat(parts);
    this.runs.set(ids[from], {
      comma,
      ids: slice,
      aus: slice.map((id) => auctions[id]),
      bids: slice.map((id) => auctions[id].bids),
      bidsN: slice.map((id) => auctions[id].bids.length),
      prefixes: slice.map((id) => this.headText.get(id)!.prefix),
      bytes,
    });
    return bytes;
  }

  /** One auction's `"id":{…,"bids":[…]}` as buffers (the head cached while no change touched it). */
  private auction(
    id: string,
    au: DbDoc['auctions'][string],
    comma: boolean,
    dirty: ReadonlySet<string> | undefined,
  ): Buffer[] {
    // `"id":{…head…,"bids":[` as bytes, reused while no change touched the auction.
    const cached = dirty ? this.headText.get(id) : undefined;
    let prefix: Buffer;
    if (cached && cached.au === au && !dirty!.has(id)) {
      prefix = cached.prefix;
    } else {
      const { bids: _bids, ...head } = au;
      const h = JSON.stringify(head);
      prefix = Buffer.from(`${JSON.stringify(id)}:${h.length > 2 ? `${h.slice(0, -1)},` : '{'}"bids":[`, 'utf8');
      if (dirty) this.headText.set(id, { au, prefix });
    }
    return [...(comma ? [COMMA] : []), prefix, ...this.bids(au.bids), CLOSE_AUCTION];
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

/** A segment is read through a buffer of this size (a line longer than it grows the buffer). */
const READ_CHUNK = 1024 * 1024;

/**
 * Calls `line` with the bytes [start, end) of each complete line of a log segment, in order; what
 * follows the last newline is a torn line that was never acknowledged. Read a piece at a time through
 * one buffer: the segments kept for their memos are tens of MB, and read whole they were still
 * resident a second after the start. `buf` is reused: `line` copies what it keeps.
 */
function forEachLine(file: string, line: (buf: Buffer, start: number, end: number) => void): void {
  const fd = openReadNoFollowSync(file); // a planted link named like a segment is refused (20.11)
  try {
    let buf = Buffer.allocUnsafeSlow(READ_CHUNK);
    let filled = 0; // bytes at the start of buf not yet handed over: the start of a line
    for (let pos = 0; ;) {
      if (filled === buf.length) {
        const bigger = Buffer.allocUnsafeSlow(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const n = readSync(fd, buf, filled, buf.length - filled, pos);
      if (n === 0) return;
      pos += n;
      const end = filled + n;
      let start = 0;
      for (let nl = buf.indexOf(0x0a, filled); nl >= 0 && nl < end; nl = buf.indexOf(0x0a, start)) {
        line(buf, start, nl);
        start = nl + 1;
      }
      buf.copyWithin(0, start, end);
      filled = end - start;
    }
  } finally {
    closeSync(fd);
  }
}

/** Where replay puts the memos it finds in one segment: as text, and a BID's usual memo as bytes. */
interface SegmentMemos {
  text: MemoSink;
  bytes: BidMemoSink;
}

/**
 * Replays log segments onto doc; returns how many changes were applied. Throws DamagedFileError.
 * `onArchive` sees each replayed `archive` change before it is applied (the auction still in doc).
 */
function replay(
  doc: DbDoc,
  segments: Segment[],
  onArchive?: (line: ArchiveLine | null) => void,
  memosOf?: (seg: Segment) => SegmentMemos,
): number {
  let applied = 0;
  for (const seg of segments) {
    const memos = memosOf?.(seg);
    let i = 0;
    forEachLine(seg.file, (buf, start, nl) => {
      i++;
      // A bid the snapshot has already: only its memo is wanted (no change, no string is made).
      if (memos && coveredBidMemoBytes(buf, start, nl, doc.seq, memos.bytes) >= 0) return;
      const line = buf.toString('utf8', start, nl);
      if (memos && coveredBidMemo(line, doc.seq, memos.text) >= 0) return;
      const entry = decodeLine(line);
      if (typeof entry === 'string') throw new DamagedFileError(seg.file, `line ${i} ${entry}`);
      // A reply memo rides with its change: durable exactly when the change is (also when already in the snapshot).
      if (memos && entry.m) memos.text(entry.m.key, entry.m.at, entry.m.texts);
      if (entry.s <= doc.seq) return; // already in the snapshot
      if (entry.s !== doc.seq + 1) {
        throw new DamagedFileError(
          seg.file,
          `line ${i} has sequence ${entry.s}, expected ${doc.seq + 1} (a change is missing)`,
        );
      }
      try {
        if (entry.c.t === 'archive' && onArchive) {
          const r = archiveRecord(doc, entry.s, entry.c);
          onArchive(r && { seq: entry.s, at: entry.c.at, text: encodeRecord(r) });
        }
        applyChange(doc, entry.c);
      } catch (e) {
        if (e instanceof ReplayError) throw new DamagedFileError(seg.file, `line ${i}: ${e.message}`);
        throw e;
      }
      doc.seq = entry.s;
      applied++;
    });
  }
  return applied;
}

function readSnapshotOrEmpty(file: string): DbDoc {
  let text: string;
  try {
    text = readNoFollowSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    text = '';
  }
  return text === '' ? emptyDoc() : normalizeDoc(parseDocument<DbDoc>(file, text, validateDoc));
}

/**
 * The durable state as a restart would see it (db.json + change log), read-only: nothing is written.
 * For tests, the benchmark's loss check and inspection while a server runs. Archived auctions are not
 * in it (§8): see readDurableHistory.
 */
export function readDurableState(file: string): DbDoc {
  const doc = readSnapshotOrEmpty(file);
  replay(doc, listSegments(file));
  return doc;
}

/**
 * The live durable state and the durable history (§8), read-only, as a restart would see them: the
 * history is every archived auction, oldest first — the archive files plus `archive` changes still
 * only in the change log. For tests (it reads everything into memory); `npm run history` streams the archive.
 */
export function readDurableHistory(file: string): { doc: DbDoc; history: ArchiveRecord[] } {
  const doc = readSnapshotOrEmpty(file);
  const fromLog: ArchiveRecord[] = [];
  replay(doc, listSegments(file), (l) => l && fromLog.push(JSON.parse(l.text) as ArchiveRecord));
  const history: ArchiveRecord[] = [];
  let last = 0;
  for (const r of readArchiveSync(file, { maxSeq: doc.seq })) {
    history.push(r);
    last = Math.max(last, r.s);
  }
  for (const r of fromLog) if (r.s > last) history.push(r);
  return { doc, history };
}

/**
 * The live durable state with the archived auctions folded back in: the whole story of a db, which
 * tests that follow an auction past the end of its closure read. A live (stranded) closure record
 * wins over its archived copy.
 */
export function readDurableStateWithHistory(file: string): DbDoc {
  const { doc, history } = readDurableHistory(file);
  for (const r of history) {
    doc.auctions[r.auction.id] ??= r.auction;
    if (r.closure) doc.closures[r.auction.id] ??= r.closure;
    if (r.transaction && !doc.transactions.some((x) => x.id === r.transaction!.id))
      doc.transactions.push(r.transaction);
  }
  return doc;
}

export class LogStore implements Store {
  private pending: string[] = [];
  /** The seq of the last pending line that carries a memo (a line carries at most one). */
  private pendingMemoSeq = 0;
  /** The time a memo on the last pending line is stored relative to (log-line.ts memoBase). */
  private pendingLastBase = 0;
  /** Resolves when the flush loop has nothing left in flight. */
  private flushDone: Promise<void> = Promise.resolve();
  /** Covered segments kept for their memos (oldest first), and the newest memo time of the open segment. */
  private retained: Retained[] = [];
  private segmentMemoAt = 0;
  private pruneTimer: NodeJS.Timeout | null = null;
  /** None: they went to LogStoreOptions.onRecoveredMemo as the log was read. */
  recoverMemos(): void {
    /* handed over at open */
  }
  private pendingLastSeq = 0;
  /** Archive lines of the pending changes: written beside them, in the same batch. */
  private pendingArchive: ArchiveLine[] = [];
  /** Highest seq of an `archive` change committed (its line must be on disk before a snapshot covers it). */
  private archiveCommittedSeq = 0;
  private flushing = false;
  private flushScheduled = false;
  private fd = -1;
  private gen = 0;
  private logBytes = 0;
  private snapshotting: Promise<void> | null = null;
  private readonly serializer = new SnapshotSerializer();
  /** Ids of the auctions changed since the last snapshot (the serializer re-encodes only those heads). */
  private dirty = new Set<string>();
  private closed = false;
  private durableListeners: Array<(seq: number) => void> = [];
  private fatalListeners: Array<(err: Error) => void> = [];
  private waiters: Array<{ seq: number; resolve: () => void; reject: (e: Error) => void }> = [];
  private counters = { commits: 0, writes: 0, snapshots: 0, archived: 0 };
  private fatal: Error | null = null;
  lastSeq: number;
  durableSeq: number;

  private constructor(
    readonly file: string,
    private readonly low: Low<DbDoc>,
    private readonly adapter: DurableJsonFile<DbDoc>,
    private readonly archive: ArchiveWriter,
    private readonly opts: LogStoreOptions,
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
    // Archive lines of the `archive` changes only the log has: written below if the crash left them out.
    const fromLog: ArchiveLine[] = [];
    const now = (opts.now ?? Date.now)();
    const ttl = opts.memoTtlMs ?? MEMO_TTL_MS;
    const sink = opts.onRecoveredMemo;
    const bidSink = opts.onRecoveredBidMemo ?? (sink && bidMemoAsStrings(sink));
    const memoAt = new Map<string, number>(); // segment file → newest young memo in it
    const memosOf = (seg: Segment): SegmentMemos => {
      let newest = 0;
      const young = (at: number): boolean => {
        if (now - at > ttl) return false;
        if (at > newest) memoAt.set(seg.file, (newest = at));
        return true;
      };
      return {
        text: (key, at, texts) => young(at) && sink?.(key, at, texts),
        bytes: (b, digestAt, bidderAt, bidderLen, rqAt, rqLen, at) =>
          young(at) && bidSink?.(b, digestAt, bidderAt, bidderLen, rqAt, rqLen, at),
      };
    };
    const replayed = replay(low.data, segments, (l) => l && fromLog.push(l), memosOf);
    let archive: ArchiveWriter;
    try {
      archive = ArchiveWriter.open(file);
    } catch (e) {
      throw new DamagedFileError(archiveDir(file), (e as Error).message);
    }
    // Reconcile the two sides of each move (archive.ts): cut lines whose change never became durable,
    // then add the lines of durable changes the crash kept out of the archive.
    const archivedUpTo = archive.truncateAfter(low.data.seq);
    const missing = fromLog.filter((l) => l.seq > archivedUpTo);
    if (missing.length) await archive.append(missing);
    const store = new LogStore(file, low, adapter, archive, opts);
    // Fold the replayed log into a fresh snapshot so each run starts from one file and an empty log
    // (but for segments kept for the reply memos in them: §3, replies survive a restart).
    if (!existed || replayed > 0) {
      await store.writeSnapshot();
      store.counters.snapshots++;
    }
    for (const seg of segments) store.retire(seg.file, memoAt.get(seg.file) ?? 0);
    store.openSegment(low.data.seq + 1);
    return store;
  }

  /**
   * A segment the snapshot covers: deleted, or kept while it holds memos younger than the window
   * (newest memo at `memoAt`), within maxRetainedBytes in all.
   */
  private retire(file: string, memoAt: number): void {
    const until = memoAt + (this.opts.memoTtlMs ?? MEMO_TTL_MS);
    if (until > this.now()) {
      let bytes = 0;
      try {
        bytes = statSync(file).size;
      } catch {
        /* gone: nothing to keep */
      }
      this.retained.push({ file, until, bytes });
      this.pruneTimer ??= setInterval(() => this.pruneRetained(), 10_000).unref();
    } else unlinkSync(file);
    this.pruneRetained();
  }

  /** Delete kept segments whose memos have all aged out, and the oldest beyond the byte budget. */
  private pruneRetained(): void {
    const now = this.now();
    const max = this.opts.maxRetainedBytes ?? MAX_RETAINED_BYTES;
    let total = this.retained.reduce((n, r) => n + r.bytes, 0);
    this.retained = this.retained.filter((r) => {
      if (r.until > now && total <= max) return true;
      total -= r.bytes;
      try {
        unlinkSync(r.file);
      } catch {
        /* already gone */
      }
      return false;
    });
    if (this.retained.length === 0 && this.pruneTimer) {
      clearInterval(this.pruneTimer);
      this.pruneTimer = null;
    }
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  remember(memo: ReplyMemo): void {
    if (this.fatal || this.closed) return;
    this.segmentMemoAt = Math.max(this.segmentMemoAt, memo.at);
    // Fast path (every synchronous handler): the change is the last line still pending, without a memo.
    if (this.pending.length > 0 && this.pendingLastSeq === this.lastSeq && this.pendingMemoSeq !== this.lastSeq) {
      const last = this.pending.length - 1;
      this.pending[last] = withMemo(this.pending[last], memo, this.pendingLastBase);
      this.pendingMemoSeq = this.lastSeq;
      return;
    }
    // The change is already on its way to disk (or another memo rides on it): a record of its own.
    this.commit({ t: 'memo' });
    const last = this.pending.length - 1;
    this.pending[last] = withMemo(this.pending[last], memo, this.pendingLastBase);
    this.pendingMemoSeq = this.lastSeq;
  }

  /** db.json as compact JSON, written through the incremental serializer (also at start and stop). */
  private writeSnapshot(): Promise<void> {
    return this.adapter.writeSerialized(this.serialize());
  }

  private serialize(): Buffer[] {
    const bytes = this.serializer.serializeParts(this.doc, this.dirty);
    this.dirty = new Set();
    return bytes;
  }

  private openSegment(gen: number): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.gen = gen;
    this.segmentMemoAt = 0;
    // Never through a planted link or hard link, always 0600 (private-files.ts, 20.11).
    this.fd = openPrivateSync(`${this.file}.wal.${gen}`, LOG_FLAGS);
    this.logBytes = 0;
  }

  commit(change: Change): number {
    if (this.fatal) throw this.fatal;
    if (this.closed) throw new Error('store is closed');
    const seq = this.lastSeq + 1;
    // The archive line is taken from the document as it is before the change removes the auction.
    const record = change.t === 'archive' ? archiveRecord(this.doc, seq, change) : null;
    const line = record && { seq, at: (change as { at: number }).at, text: encodeRecord(record) };
    applyChange(this.doc, change);
    if ('auctionId' in change) this.dirty.add(change.auctionId);
    else if (change.t === 'list') this.dirty.add(change.id);
    this.lastSeq = seq;
    this.doc.seq = seq;
    this.pending.push(encodeChange(seq, change));
    this.pendingLastSeq = seq;
    this.pendingLastBase = memoBase(change);
    if (line) {
      this.pendingArchive.push(line);
      this.archiveCommittedSeq = seq;
      this.counters.archived++;
    }
    this.counters.commits++;
    if (!this.flushing && !this.flushScheduled) {
      // Wait for the rest of this I/O phase so datagrams read together share one write + fsync.
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flushDone = this.flushLoop();
      });
    }
    return seq;
  }

  private async flushLoop(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      let inFlight = this.pending.length > 0 ? this.writeBatch() : null;
      while (inFlight && !this.fatal) {
        const upTo = await inFlight;
        this.maybeSnapshot();
        // The next batch goes to the disk before this one's replies and pushes go out: sending them is
        // most of a turn's CPU (a dozen datagrams per bid), and the disk works meanwhile, so a bidder
        // waiting on the next batch no longer waits for the sends too.
        inFlight = this.pending.length > 0 && !this.fatal ? this.writeBatch() : null;
        // (Awaited at the top of the loop; if a durable listener throws first, fail() reports that.)
        inFlight?.catch(() => undefined);
        this.advanceDurable(upTo);
      }
    } catch (e) {
      this.fail(e as Error);
    } finally {
      this.flushing = false;
    }
  }

  /** Writes the pending lines (and their archive lines) as one batch; resolves with its last seq once durable. */
  private async writeBatch(): Promise<number> {
    const batch = `${this.pending.join('\n')}\n`;
    const upTo = this.pendingLastSeq;
    const archiveLines = this.pendingArchive;
    this.pending = [];
    this.pendingArchive = [];
    const fd = this.fd;
    const bytes = Buffer.from(batch, 'utf8');
    const archivedBefore = this.archive.bytesWritten;
    // The log line and the archive line of a move are written side by side; the change is durable
    // once both are (a crash between them is reconciled at start: see openLocked).
    if (archiveLines.length && this.opts.crashAt) await this.crashBetween(fd, bytes, archiveLines);
    else await Promise.all([writeAll(fd, bytes), archiveLines.length ? this.archive.append(archiveLines) : null]);
    this.counters.writes++;
    // Archived bytes count as log: a snapshot soon drops what the archive now holds from db.json.
    this.logBytes += bytes.length + (this.archive.bytesWritten - archivedBefore);
    return upTo;
  }

  /** Fault injection (LogStoreOptions.crashAt): one side of the move on disk, then SIGKILL. */
  private async crashBetween(fd: number, bytes: Buffer, lines: ArchiveLine[]): Promise<void> {
    if (this.opts.crashAt === 'archive-line') await this.archive.append(lines);
    else await writeAll(fd, bytes);
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => undefined); // never resumes
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

  private waitDurable(seq: number): Promise<void> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (this.durableSeq >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /**
   * Rotate the log and snapshot the document as of now. Changes committed but not yet written go to the
   * new segment; replay skips what the snapshot already has, so nothing is lost whichever write lands first.
   * An auction the snapshot no longer holds must be in the archive first: if its line is still on the
   * way, the snapshot waits for it.
   */
  private maybeSnapshot(): void {
    if (this.snapshotting || this.closed) return;
    if (this.logBytes < Math.max(this.opts.minSnapshotLogBytes ?? 4 * 1024 * 1024, this.adapter.lastBytes)) return;
    const retiredFiles = new Set(this.retained.map((r) => r.file));
    const covered = listSegments(this.file)
      .filter((s) => s.gen <= this.gen && !retiredFiles.has(s.file))
      .map((s) => ({ file: s.file, memoAt: s.gen === this.gen ? this.segmentMemoAt : 0 }));
    this.openSegment(this.lastSeq + 1);
    const snapshotSeq = this.lastSeq;
    const archiveNeeded = this.archiveCommittedSeq;
    // Serialized synchronously: the document exactly as of snapshotSeq.
    const bytes = this.serialize();
    this.snapshotting = this.waitDurable(archiveNeeded)
      .then(() => this.adapter.writeSerialized(bytes))
      .then(() => {
        for (const s of covered) this.retire(s.file, s.memoAt);
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
    return this.waitDurable(this.lastSeq);
  }

  stats(): StoreStats {
    return { ...this.counters, snapshotBytes: this.adapter.lastBytes, logBytes: this.logBytes };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Until nothing is left to write: a change committed while this waited (a handler finishing as the
    // server stops) schedules a batch of its own, which would otherwise meet a closed file.
    do {
      await this.flush().catch(() => undefined);
      await this.snapshotting;
      // A snapshot can make everything durable while a batch is still being written: let it land
      // before its file descriptor is closed.
      await this.flushDone;
    } while (!this.fatal && (this.flushScheduled || this.flushing || this.pending.length > 0));
    this.closed = true;
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.archive.close();
    // A clean stop folds the change log into db.json, so the file alone tells the whole story (the
    // segments still holding young reply memos stay beside it until those age out, at a later start).
    if (!this.fatal) {
      const retiredFiles = new Set(this.retained.map((r) => r.file));
      const live = listSegments(this.file).filter((seg) => !retiredFiles.has(seg.file));
      if (this.logBytes > 0 || live.length > 1) await this.writeSnapshot();
      for (const seg of live) this.retire(seg.file, seg.gen === this.gen ? this.segmentMemoAt : 0);
    }
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.pruneTimer = null;
    this.releaseLock();
  }
}
