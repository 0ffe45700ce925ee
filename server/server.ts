// Builds a running server from its parts: store → house → outbox/watchers → dispatch → UDP adapter,
// plus the scheduler (timers) and the closure runner (TCP purchase). `startServer` is what main.ts,
// the tests and the benchmark use.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_COMMISSION } from '../shared/protocol/settlement.js';
import { AuctionHouse, type HouseConfig } from './house.js';
import { LOG_DEFAULTS, Logger, type LogLevel } from './log.js';
import { Outbox, REPLY_CACHE_DEFAULT_MB, REPLY_TTL_MS } from './outbox.js';
import { Watchers } from './watchers.js';
import { createDispatch } from './dispatch.js';
import { bindUdp } from './udp-adapter.js';
import { Scheduler } from './scheduler.js';
import { ClosureRunner } from './closure/closure-runner.js';
import type { Services } from './context.js';
import { LogStore } from './store/log-store.js';
import { MemoryStore } from './store/memory-store.js';
import type { Store } from './store/store.js';

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
}

export interface RunningServer {
  host: string;
  udpPort: number;
  dbPath: string | null;
  logFile: string | null;
  store: Store;
  services: Services;
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
  negotiateRepeatMs: 2000,
} as const;

export function defaultLogFile(dbPath: string): string {
  const p = path.parse(dbPath);
  return path.join(p.dir, `${p.name}.log`);
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const now = opts.now ?? Date.now;
  const dbPath = opts.dbPath ?? DEFAULTS.dbPath;
  const memory = opts.storage === 'memory';
  const logFile = opts.logFile === undefined ? (memory ? null : defaultLogFile(dbPath)) : opts.logFile;
  // AUCTION_TEST_CRASH_AT: fault injection for the archive crash tests only (see LogStoreOptions.crashAt).
  const crashAt = process.env.AUCTION_TEST_CRASH_AT;
  const store: Store = memory
    ? new MemoryStore()
    : await LogStore.open(dbPath, {
        crashAt: crashAt === 'archive-line' || crashAt === 'log-line' ? crashAt : undefined,
        now,
        memoTtlMs: REPLY_TTL_MS,
        ...(opts.snapshotMinKb !== undefined ? { minSnapshotLogBytes: opts.snapshotMinKb * 1024 } : {}),
      }); // throws DamagedFileError
  const log = new Logger({
    file: logFile,
    stdout: opts.stdoutLog ?? true,
    now,
    level: opts.logLevel ?? LOG_DEFAULTS.level,
    maxBytes: (opts.logMaxMb ?? LOG_DEFAULTS.maxMb) * 1024 * 1024,
    keep: opts.logKeep ?? LOG_DEFAULTS.keep,
  });
  const config: HouseConfig = {
    softCloseS: opts.softCloseS ?? DEFAULTS.softCloseS,
    commission: opts.commission ?? DEFAULTS.commission,
    informTimeoutS: opts.informTimeoutS ?? DEFAULTS.informTimeoutS,
    watchSeconds: opts.watchSeconds ?? DEFAULTS.watchSeconds,
    maxWatchers: opts.maxWatchers ?? DEFAULTS.maxWatchers,
    negotiateRepeatMs: opts.negotiateRepeatMs ?? DEFAULTS.negotiateRepeatMs,
  };
  const house = new AuctionHouse(store, config, now);
  let udpSend: (to: { ip: string; port: number }, data: string | Buffer) => void = () => undefined;
  const outbox = new Outbox(
    store,
    (to, text) => udpSend(to, text),
    log,
    now,
    (opts.replyCacheMb ?? REPLY_CACHE_DEFAULT_MB) * 1024 * 1024,
  );
  const restored = outbox.restore(store.recoveredMemos);
  const watchers = new Watchers(config.watchSeconds, config.maxWatchers, now);
  let closures: ClosureRunner | null = null;
  let scheduler: Scheduler | null = null;
  const services: Services = {
    house,
    outbox,
    watchers,
    log,
    lifecycle: {
      auctionChanged: (a) => scheduler?.arm(a),
      partyOnline: (name) => closures?.partyOnline(name),
    },
  };
  closures = new ClosureRunner(services);
  scheduler = new Scheduler(services, (a) => closures?.begin(a.id));
  const host = opts.host ?? DEFAULTS.host;
  const udp = await bindUdp(host, opts.udpPort ?? DEFAULTS.udpPort, createDispatch(services), log);
  udpSend = udp.send;
  // Benchmark hook (opt-in, bench/run.ts): BENCH_STATS_FILE=path makes SIGUSR2, and the stop, append one
  // JSON line of counters (fsync'd writes, commits, datagrams sent, CPU, peak RSS) to that file.
  const statsFile = process.env.BENCH_STATS_FILE;
  const dumpStats = statsFile
    ? (): void => {
        try {
          appendFileSync(
            statsFile,
            `${JSON.stringify({
              at: Date.now(),
              ...store.stats(),
              sent: outbox.sent,
              cpu: process.cpuUsage(),
              maxRssKb: process.resourceUsage().maxRSS,
            })}\n`,
          );
        } catch (e) {
          log.error('bench', `cannot write ${statsFile}: ${(e as Error).message}`);
        }
      }
    : null;
  if (dumpStats) process.on('SIGUSR2', dumpStats);
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      scheduler?.stop();
      closures?.stop();
      await udp.close();
      await store.close();
      if (dumpStats) {
        process.off('SIGUSR2', dumpStats);
        dumpStats();
      }
      await log.close();
    })();
    return stopping;
  };
  store.onFatal((err) => {
    log.error('store', `${err.message}; stopping so no further change is acknowledged`);
    void stop().finally(() => opts.onFatal?.(err));
  });
  if (restored) log.info(`remembered ${restored} replies from before the restart (§3)`);
  log.info(`listening on udp://${host}:${udp.port} db=${memory ? '(memory)' : dbPath} log=${logFile ?? '(none)'}`);
  scheduler.start(); // closes, at once, auctions whose time passed while the server was down
  closures.resumeAll();
  return { host, udpPort: udp.port, dbPath: memory ? null : dbPath, logFile, store, services, stop };
}
