// One line per event (request, reply, push, TCP line, error, lifecycle) to stdout and to a log file
// next to the db. Built so that an attacker cannot fill it:
// - levels (`--log-level error|warn|info|debug`): each event kind has one, lines below the level cost nothing;
// - noise (datagrams from unverified addresses, junk on a TCP connection) is summarised: per category,
//   the first NOISE_LINES lines of every NOISE_WINDOW_MS are written, then one line
//   "… 4,512 more like this in the last 10 s";
// - size-based rotation (`--log-max-mb`, keeping `--log-keep` older files: db.log.1 … db.log.N);
// - every line is passed through `redact`, so a card-like digit run never reaches the file, whatever
//   path the text came by (callers still pass `safeText`, which also hides secrets), and characters
//   that change how a line is shown (U+2028, bidi controls, zero-width) are escaped;
// - per source: of the lines about one source IP (`peer` as "ip:port": what verified addresses send
//   and are sent; an unverified one's are noise already), the first
//   SOURCE_LINES of every NOISE_WINDOW_MS are written, then one summary line like the noise's, so one
//   client cannot rotate the whole retained log away (issue 20.12: it took ~2.5 min at full speed).
// Lines are buffered and written at most every FLUSH_MS (or once MAX_LINES are waiting): one write per
// batch, not per datagram. The writes are synchronous appends to the page cache (microseconds), so the
// log never takes a thread of libuv's pool from the change log's O_DSYNC writes or the secret checks.
import { closeSync, constants, fstatSync, renameSync, rmSync, writeSync } from 'node:fs';
import { format, INVISIBLE, lastFour, redact } from '../shared/protocol/index.js';
import type { Message } from '../shared/protocol/messages.js';
import { openPrivateSync } from './store/private-files.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

export type EventKind = 'recv' | 'reply' | 'row' | 'push' | 'tcp>' | 'tcp<' | 'error' | 'warn' | 'info' | 'debug';

const KIND: Record<EventKind, string> = {
  recv: 'recv ',
  reply: 'reply',
  row: 'row  ',
  push: 'push ',
  'tcp>': 'tcp> ',
  'tcp<': 'tcp< ',
  error: 'error',
  warn: 'warn ',
  info: 'info ',
  debug: 'debug',
};

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };
/**
 * The level of each kind of event: requests, replies, TCP lines and lifecycle are `info`, so the default
 * log shows every request and its answer; pushes (a dozen or more destinations per bid, all derived from
 * a request already logged) and the rows of a CATALOG page (its CATALOG_END says how many) are `debug`.
 */
const KIND_LEVEL: Record<EventKind, LogLevel> = {
  recv: 'info',
  reply: 'info',
  // The CATALOG_ITEM lines of a CATALOG page (up to 32): its CATALOG_END, logged at info, sums them up.
  row: 'debug',
  push: 'debug',
  'tcp>': 'info',
  'tcp<': 'info',
  error: 'error',
  warn: 'warn',
  info: 'info',
  debug: 'debug',
};

const FLUSH_MS = 20;
const MAX_LINES = 4096;
export const NOISE_WINDOW_MS = 10_000;
/** Lines of one noise category written in full per window (the rest are counted). */
export const NOISE_LINES = 20;
/** Distinct noise categories tracked; callers use a fixed set, this only guards against a careless one. */
const MAX_CATEGORIES = 64;
/**
 * Lines about one source IP written in full per window: 200 a second, far above what a person's client
 * sends (a request and its reply per bid), so only a flood is summarised; at that rate one source needs
 * over 5 hours to fill the default retained log (6 files of 64 MB).
 */
export const SOURCE_LINES = 2_000;
/** Sources tracked at once; beyond it, new ones share one budget (a flood of sources stays bounded). */
const MAX_SOURCES = 4096;

/** The source IP of a peer written as "ip:port" (addrKey), or null for other peers ("-", "buyer:bea"). */
export function sourceOf(peer: string): string | null {
  const i = peer.lastIndexOf(':');
  if (i <= 0 || i === peer.length - 1) return null;
  for (let k = i + 1; k < peer.length; k++) {
    const c = peer.charCodeAt(k);
    if (c < 48 || c > 57) return null;
  }
  return peer.slice(0, i);
}

export interface LoggerOptions {
  file: string | null;
  stdout: boolean;
  now?: () => number;
  /** Lowest level written (default 'info'). */
  level?: LogLevel;
  /** Rotate the file once it reaches this many bytes (default 64 MB; 0 = never). */
  maxBytes?: number;
  /** Rotated files kept beside it: FILE.1 (newest) … FILE.N (default 5). */
  keep?: number;
}

export const LOG_DEFAULTS = { level: 'info' as LogLevel, maxMb: 64, keep: 5 };

interface Noise {
  windowStart: number;
  written: number;
  suppressed: number;
  /** The kind and peer of the last suppressed line, for the summary. */
  kind: EventKind;
}

export class Logger {
  private buf: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private fd: number | null = null;
  /**
   * Set by close(): later lines are dropped (counted as suppressed). A check or handler still finishing
   * after the server stopped (in a test's process, which goes on) used to land on stderr instead.
   */
  private closed = false;
  private fileBytes = 0;
  /** The last timestamp formatted: a burst of events in one millisecond formats it once. */
  private lastMs = -1;
  private lastIso = '';
  private readonly rank: number;
  /** Per event kind: written at this level (and somewhere to write to)? Settled once: the level is fixed. */
  private readonly on: Record<EventKind, boolean>;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly noiseByCategory = new Map<string, Noise>();
  /** Per source IP: its window, like a noise category's (see SOURCE_LINES). */
  private readonly bySource = new Map<string, Noise>();
  private sourcesSweptAt = -Infinity;
  private noiseTimer: NodeJS.Timeout | null = null;
  /** Lines dropped because the level filtered them or noise was suppressed (for tests and the flood tool). */
  suppressed = 0;

  constructor(private readonly opts: LoggerOptions) {
    this.rank = RANK[opts.level ?? LOG_DEFAULTS.level];
    this.maxBytes = opts.maxBytes ?? LOG_DEFAULTS.maxMb * 1024 * 1024;
    this.keep = opts.keep ?? LOG_DEFAULTS.keep;
    if (opts.file) this.openFile();
    const out = this.fd !== null || opts.stdout;
    // With nowhere else to write (`--quiet` and no log file, as a server of a house has by default),
    // warnings and errors still reach stderr: an operator must hear "NATS does not acknowledge".
    const written = (k: EventKind): boolean => out || RANK[KIND_LEVEL[k]] <= RANK.warn;
    this.on = Object.fromEntries(
      (Object.keys(KIND_LEVEL) as EventKind[]).map((k) => [k, written(k) && RANK[KIND_LEVEL[k]] <= this.rank]),
    ) as Record<EventKind, boolean>;
  }

  private openFile(): void {
    try {
      // Never through a planted link or hard link (a `db.log` link had the log appended to its
      // target), always 0600: store/private-files.ts (20.11).
      this.fd = openPrivateSync(this.opts.file!, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT);
      this.fileBytes = fstatSync(this.fd).size;
    } catch (e) {
      this.fileFailed(e as Error);
    }
  }

  private fileFailed(e: Error): void {
    process.stderr.write(`log file ${this.opts.file}: ${e.message}\n`);
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** Whether events of this level are written at all (lets callers skip building a costly text). */
  enabled(level: LogLevel): boolean {
    return RANK[level] <= this.rank && (this.fd !== null || this.opts.stdout);
  }

  event(kind: EventKind, peer: string, text: string): void {
    if (!this.on[kind]) {
      this.suppressed++;
      return;
    }
    const source = sourceOf(peer);
    if (source !== null && !this.withinSource(source, kind)) return;
    this.line(kind, peer, text);
  }

  /** Whether a line about this source may be written in full now; if not it is counted for the summary. */
  private withinSource(source: string, kind: EventKind): boolean {
    const now = this.clock();
    let n = this.bySource.get(source);
    if (!n && this.bySource.size >= MAX_SOURCES) {
      // at most once a second: a flood of new sources must not make every line walk the whole map
      if (now - this.sourcesSweptAt >= 1000) this.sweepSources(now);
      if (this.bySource.size >= MAX_SOURCES) {
        source = 'other sources';
        n = this.bySource.get(source);
      }
    }
    if (!n) {
      n = { windowStart: now, written: 0, suppressed: 0, kind };
      this.bySource.set(source, n);
    }
    if (now - n.windowStart >= NOISE_WINDOW_MS) this.endWindow(`from ${source}`, n, now);
    if (n.written < SOURCE_LINES) {
      n.written++;
      return true;
    }
    n.suppressed++;
    n.kind = kind;
    this.suppressed++;
    this.noiseTimer ??= setTimeout(() => this.sweepNoise(), NOISE_WINDOW_MS).unref();
    return false;
  }

  /** Ends the sources' windows that are over: summaries written, quiet sources forgotten. */
  private sweepSources(now: number): boolean {
    this.sourcesSweptAt = now;
    let pending = false;
    for (const [source, n] of this.bySource) {
      if (n.suppressed > 0 && now - n.windowStart >= NOISE_WINDOW_MS) this.endWindow(`from ${source}`, n, now);
      else if (n.suppressed > 0) pending = true;
      else if (now - n.windowStart >= NOISE_WINDOW_MS) this.bySource.delete(source);
    }
    return pending;
  }

  /**
   * An event caused by input nobody vouches for (an unverified address, junk on a TCP connection).
   * Written like `event`, but of each category only NOISE_LINES per window; the rest are counted and
   * summarised in one line when the window ends. Categories must come from a small fixed set.
   */
  noise(category: string, kind: EventKind, peer: string, text: string): void {
    if (!this.on[kind]) {
      this.suppressed++;
      return;
    }
    const now = this.clock();
    let n = this.noiseByCategory.get(category);
    if (!n && this.noiseByCategory.size >= MAX_CATEGORIES) {
      category = 'other';
      n = this.noiseByCategory.get(category);
    }
    if (!n) {
      n = { windowStart: now, written: 0, suppressed: 0, kind };
      this.noiseByCategory.set(category, n);
    }
    if (now - n.windowStart >= NOISE_WINDOW_MS) this.endWindow(category, n, now);
    if (n.written < NOISE_LINES) {
      n.written++;
      this.line(kind, peer, text);
      return;
    }
    n.suppressed++;
    n.kind = kind;
    this.suppressed++;
    // The summary must come even if the noise stops: a timer for the window's end (unref'd, like the flush).
    this.noiseTimer ??= setTimeout(() => this.sweepNoise(), NOISE_WINDOW_MS).unref();
  }

  private endWindow(category: string, n: Noise, now: number): void {
    if (n.suppressed > 0) {
      const secs = Math.max(1, Math.round((now - n.windowStart) / 1000));
      this.line(
        n.kind === 'error' ? 'error' : 'warn',
        '-',
        `… ${n.suppressed.toLocaleString('en-US')} more like this in the last ${secs} s (${category})`,
      );
    }
    n.windowStart = now;
    n.written = 0;
    n.suppressed = 0;
  }

  private sweepNoise(): void {
    this.noiseTimer = null;
    const now = this.clock();
    let pending = false;
    for (const [category, n] of this.noiseByCategory) {
      if (n.suppressed > 0 && now - n.windowStart >= NOISE_WINDOW_MS) this.endWindow(category, n, now);
      else if (n.suppressed > 0) pending = true;
      else if (now - n.windowStart >= NOISE_WINDOW_MS) this.noiseByCategory.delete(category);
    }
    if (this.sweepSources(now)) pending = true;
    if (pending) this.noiseTimer = setTimeout(() => this.sweepNoise(), NOISE_WINDOW_MS / 2).unref();
  }

  info(text: string): void {
    this.event('info', '-', text);
  }
  warn(peer: string, text: string): void {
    this.event('warn', peer, text);
  }
  error(peer: string, text: string): void {
    this.event('error', peer, text);
  }
  debug(peer: string, text: string): void {
    this.event('debug', peer, text);
  }

  private clock(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  private line(kind: EventKind, peer: string, text: string): void {
    if (this.closed) {
      this.suppressed++;
      return;
    }
    const ms = this.clock();
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastIso = new Date(ms).toISOString();
    }
    let safe = redact(text); // a line with fewer than 12 digits (nearly all) is only scanned once
    if (INVISIBLE.test(safe)) safe = escapeInvisible(safe);
    this.buf.push(`${this.lastIso} ${KIND[kind]} ${peer.length >= 21 ? peer : peer.padEnd(21)} ${safe}\n`);
    if (this.buf.length >= MAX_LINES) this.drain();
    else
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.drain();
      }, FLUSH_MS);
  }

  private drain(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.buf.length === 0) return;
    const chunk = this.buf.join('');
    this.buf = [];
    if (this.opts.stdout) process.stdout.write(chunk);
    if (this.fd === null) {
      if (!this.opts.stdout) process.stderr.write(chunk);
      return;
    }
    const bytes = Buffer.from(chunk, 'utf8');
    try {
      for (let off = 0; off < bytes.length;) off += writeSync(this.fd, bytes, off);
      this.fileBytes += bytes.length;
      if (this.maxBytes > 0 && this.fileBytes >= this.maxBytes) this.rotate();
    } catch (e) {
      this.fileFailed(e as Error);
    }
  }

  /** FILE → FILE.1 → … → FILE.keep (the oldest is dropped); a fresh FILE takes the next lines. */
  private rotate(): void {
    const file = this.opts.file!;
    closeSync(this.fd!);
    this.fd = null;
    if (this.keep === 0) rmSync(file, { force: true });
    else {
      rmSync(`${file}.${this.keep}`, { force: true });
      for (let i = this.keep - 1; i >= 1; i--) {
        try {
          renameSync(`${file}.${i}`, `${file}.${i + 1}`);
        } catch {
          /* not there yet */
        }
      }
      renameSync(file, `${file}.1`);
    }
    this.openFile();
  }

  async close(): Promise<void> {
    this.drain();
    if (this.noiseTimer) clearTimeout(this.noiseTimer);
    this.noiseTimer = null;
    // Summaries of windows still open, so nothing suppressed goes unmentioned.
    const now = this.clock();
    for (const [category, n] of this.noiseByCategory) if (n.suppressed > 0) this.endWindow(category, n, now);
    for (const [source, n] of this.bySource) if (n.suppressed > 0) this.endWindow(`from ${source}`, n, now);
    this.drain();
    this.closed = true;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    return Promise.resolve();
  }
}

const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');

/**
 * Line and paragraph separators, bidi controls and zero-width characters as `\u2028` escapes (issue
 * 20.12): a line holding them could show as two lines, or reordered, in a viewer. Free text refuses
 * them (shared/protocol/fields.ts); this covers whatever else a line quotes (an unparsed datagram).
 */
function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A message as it may appear in a log: secrets hidden, card numbers cut to their last four digits. */
export function safeText(msg: Message): string {
  if ('secret' in msg && msg.secret) return format({ ...msg, secret: '****************' });
  if (msg.type === 'INFORM_Res') return format({ ...msg, card: `****${lastFour(msg.card)}` });
  // A maximum is as secret as a sealed bid (§5): whoever reads the log must not learn how far a buyer
  // goes (issue 20.12; `--events` leaves it out the same way).
  if (msg.type === 'MAX_BID') return `MAX_BID ${msg.rq} ${msg.item} ****`;
  return format(msg);
}

/** A raw line we could not parse: we cannot know which token is secret, so show only its shape. */
export function unparsedSummary(text: string): string {
  const words = text.trim().split(/ +/);
  return redact(
    `${JSON.stringify(words.slice(0, 2).join(' ').slice(0, 40))} (+${Math.max(0, words.length - 2)} fields, ${text.length} chars)`,
  );
}
