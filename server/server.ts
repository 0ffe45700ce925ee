// Builds a running server from its parts: store → house → outbox/watchers → domain core (market,
// accounts) → dispatch → UDP adapter, plus the scheduler (timers) and the closure runner (TCP purchase).
// `startServer` is what main.ts, the tests, the demo and the benchmark use; what it returns is the
// server's whole public surface: its address, typed events, stats, and a few read-only views.
import path from 'node:path';
import { DEFAULT_COMMISSION } from '../shared/protocol/settlement.js';
import { assembleServer } from './assemble.js';
import { ServerEventBus } from './events.js';
import type { HouseConfig } from './house.js';
import { LOG_DEFAULTS, Logger, type LogLevel } from './log.js';
import { isLoopbackHost } from './limits.js';
import { REPLY_CACHE_DEFAULT_MB, REPLY_TTL_MS, ReplyCaches, type Transport } from './outbox.js';
import type { Auction, DbDoc } from './state/model.js';
import { LogStore } from './store/log-store.js';
import { MemoryStore } from './store/memory-store.js';
import type { Store, StoreStats } from './store/store.js';
import { bindUdp } from './udp-adapter.js';

export type { ServerEvents, ServerEventName, ClosureStep } from './events.js';
export { ServerEventBus } from './events.js';

export interface ServerOptions extends Partial<HouseConfig> {
  host?: string;
  udpPort?: number;
  dbPath?: string;
  /** 'log' (durable, default) or 'memory' (no disk at all: benchmarks only). */
  storage?: 'log' | 'memory';
  /** Log file; default: next to the db (db.json → db.log); null for none. */
  logFile?: string | null;
  /** Also print log lines to stdout (default true). */
  stdoutLog?: boolean;
  /** Lowest level logged (default info). */
  logLevel?: LogLevel;
  /** Rotate the log file at this size (MB; default 64, 0 = never) … */
  logMaxMb?: number;
  /** … keeping this many older files (default 5). */
  logKeep?: number;
  /** Memory for remembered replies (§3), oldest out first once full (MB; default 128). */
  replyCacheMb?: number;
  /** Snapshot db.json once the change log reaches this many KB (and db.json's size); default 4096. */
  snapshotMinKb?: number;
  now?: () => number;
  /** Called if the store can no longer write: the server has stopped accepting work. */
  onFatal?: (err: Error) => void;
  /** The event bus to use, with its listeners already attached, to see what happens while it starts. */
  events?: ServerEventBus;
  /** §9: the NATS URLs of the house's JetStream cluster (`--nats`): state there, not in a file. */
  natsUrls?: string[];
  /** §9: the house's name on that cluster (`--house`, default "main"). */
  house?: string;
}

/**
 * Counters of a running server (the benchmark samples them; `npm run server` prints them on SIGUSR2 with
 * BENCH_STATS_FILE).
 */
export interface ServerStats extends StoreStats {
  /** Changes committed / durable (sequence numbers). */
  lastSeq: number;
  durableSeq: number;
  /** Datagrams sent, and those waiting for their change to be durable. */
  sent: number;
  backlog: number;
  /** Requests whose replies are remembered for duplicates (§3). */
  replyCache: number;
  watchers: number;
  accounts: number;
  openAuctions: number;
  /** Closures (§7) with a TCP exchange in progress. */
  closuresActive: number;
}

export interface RunningServer {
  host: string;
  udpPort: number;
  dbPath: string | null;
  logFile: string | null;
  /** Typed events (events.ts): domain events fire once their change is durable. */
  events: ServerEventBus;
  stats(): ServerStats;
  /** Resolves once every change committed so far is on disk. */
  flush(): Promise<void>;
  /** A deep copy of the live document (inspection and tests; the durable one is readDurableState). */
  snapshot(): DbDoc;
  /** A copy of the unfinished auction named `item` (open, or closed with its purchase pending). */
  auction(item: string): Auction | undefined;
  /** Re-arms every open auction's timers from the clock's present time (after the test clock jumped). */
  rearmTimers(): void;
  stop(): Promise<void>;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  udpPort: 5000,
  dbPath: './db.json',
  softCloseS: 0,
  commission: DEFAULT_COMMISSION,
  informTimeoutS: 120,
  watchSeconds: 60,
  maxWatchers: 1000,
  maxListingsPerSeller: 1000,
  negotiateRepeatMs: 2000,
  increments: 'cent',
} as const;

export function defaultLogFile(dbPath: string): string {
  const p = path.parse(dbPath);
  return path.join(p.dir, `${p.name}.log`);
}

/** The house's rules from the options, defaults filled in (a house of several servers stores them, §9). */
/** The server's log as its options set it (one server alone, or one of a house). */
export function serverLogger(opts: ServerOptions, file: string | null, now: () => number): Logger {
  return new Logger({
    file,
    stdout: opts.stdoutLog ?? true,
    now,
    level: opts.logLevel ?? LOG_DEFAULTS.level,
    maxBytes: (opts.logMaxMb ?? LOG_DEFAULTS.maxMb) * 1024 * 1024,
    keep: opts.logKeep ?? LOG_DEFAULTS.keep,
  });
}

export function houseConfig(opts: ServerOptions): HouseConfig {
  return {
    softCloseS: opts.softCloseS ?? DEFAULTS.softCloseS,
    commission: opts.commission ?? DEFAULTS.commission,
    informTimeoutS: opts.informTimeoutS ?? DEFAULTS.informTimeoutS,
    watchSeconds: opts.watchSeconds ?? DEFAULTS.watchSeconds,
    maxWatchers: opts.maxWatchers ?? DEFAULTS.maxWatchers,
    maxListingsPerSeller: opts.maxListingsPerSeller ?? DEFAULTS.maxListingsPerSeller,
    negotiateRepeatMs: opts.negotiateRepeatMs ?? DEFAULTS.negotiateRepeatMs,
    increments: opts.increments ?? DEFAULTS.increments,
    addresses: opts.addresses ?? (isLoopbackHost(opts.host ?? DEFAULTS.host) ? 'any' : 'verified'),
    limits: opts.limits ?? 'remote',
  };
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const now = opts.now ?? Date.now;
  const dbPath = opts.dbPath ?? DEFAULTS.dbPath;
  const memory = opts.storage === 'memory';
  const logFile = opts.logFile === undefined ? (memory ? null : defaultLogFile(dbPath)) : opts.logFile;
  // AUCTION_TEST_CRASH_AT: fault injection for the archive crash tests only (see LogStoreOptions.crashAt).
  const crashAt = process.env.AUCTION_TEST_CRASH_AT;
  const replyCacheBytes = (opts.replyCacheMb ?? REPLY_CACHE_DEFAULT_MB) * 1024 * 1024;
  // Made first: the store puts the replies it remembers (§3) straight into it as it reads its log.
  const replies = new ReplyCaches(now, replyCacheBytes);
  const store: Store = memory
    ? new MemoryStore()
    : await LogStore.open(dbPath, {
        crashAt: crashAt === 'archive-line' || crashAt === 'log-line' ? crashAt : undefined,
        now,
        memoTtlMs: REPLY_TTL_MS,
        // Segments kept for their memos: no more than the reply cache could take back at a restart.
        maxRetainedBytes: replyCacheBytes,
        onRecoveredMemo: replies.restore,
        onRecoveredBidMemo: replies.restoreBid,
        ...(opts.snapshotMinKb !== undefined ? { minSnapshotLogBytes: opts.snapshotMinKb * 1024 } : {}),
      }); // throws DamagedFileError
  const log = serverLogger(opts, logFile, now);
  const config = houseConfig(opts);
  const events = opts.events ?? new ServerEventBus();
  let udpSend: Transport = () => undefined;
  const { services, closures, scheduler, dispatch, restored } = assembleServer({
    store,
    config,
    now,
    log,
    events,
    send: (to, data) => udpSend(to, data),
    replyCacheBytes,
    replies,
  });
  const { house, outbox, watchers } = services;
  const host = opts.host ?? DEFAULTS.host;
  const udp = await bindUdp(host, opts.udpPort ?? DEFAULTS.udpPort, dispatch, log);
  udpSend = udp.send;
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      scheduler.stop();
      closures.stop();
      await udp.close();
      await store.close();
      await log.close();
      events.emit('stopped');
    })();
    return stopping;
  };
  store.onFatal((err) => {
    log.error('store', `${err.message}; stopping so no further change is acknowledged`);
    events.emit('fatal', err);
    void stop().finally(() => opts.onFatal?.(err));
  });
  if (restored) log.info(`remembered ${restored} replies from before the restart (§3)`);
  log.info(
    `listening on udp://${host}:${udp.port} db=${memory ? '(memory)' : dbPath} log=${logFile ?? '(none)'} addresses=${config.addresses} limits=${config.limits}`,
  );
  scheduler.start(); // closes, at once, auctions whose time passed while the server was down
  closures.resumeAll();
  return {
    host,
    udpPort: udp.port,
    dbPath: memory ? null : dbPath,
    logFile,
    events,
    stats: () => {
      return {
        ...store.stats(),
        lastSeq: store.lastSeq,
        durableSeq: store.durableSeq,
        sent: outbox.sent,
        backlog: outbox.backlog,
        replyCache: outbox.cache.size + outbox.unverifiedCache.size,
        watchers: watchers.size,
        accounts: Object.keys(house.doc.accounts).length,
        openAuctions: house.catalog.size, // the catalog index holds exactly the open auctions
        closuresActive: closures.active,
      };
    },
    flush: () => store.flush(),
    snapshot: () => structuredClone(house.doc),
    auction: (item) => {
      const a = house.unfinishedAuction(item);
      return a ? structuredClone(a) : undefined;
    },
    rearmTimers: () => scheduler.start(),
    stop,
  };
}
