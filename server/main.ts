// `auction-server` / `npm run server`: parse flags, start, stop cleanly on SIGINT/SIGTERM. A bad flag
// is one line and exit 2 (shared/cli); a damaged db file or a busy port is one clear line and exit 1,
// never a stack trace. What the process adds around the server lives here, not in startServer:
// --events (server events as lines on stdout) and the benchmark's counters (BENCH_STATS_FILE + SIGUSR2).
import { appendFileSync } from 'node:fs';
import { commandLine, fatal } from '../shared/cli/index.js';
import { SERVER_CLI } from './cli.js';
import { DOMAIN_EVENTS, printable, ServerEventBus } from './events.js';
import { startServer, type RunningServer, type ServerEventName } from './server.js';
import { DamagedFileError } from './store/durable-json-file.js';
import { DbLockedError } from './store/db-lock.js';
import { testClockFromEnv } from './testing/test-clock.js';
import { UnsafeFileError } from './store/private-files.js';
import { HouseSettingsError, NatsUnreachableError } from './cluster/house-errors.js';

const { printEvents, ...options } = commandLine(SERVER_CLI);
const fail = (message: string): never => fatal(SERVER_CLI.program, message);

/** The events --events prints (not `committed` / `durable`: one per change, the change log already has them). */
const PRINTED: ServerEventName[] = [...DOMAIN_EVENTS, 'watching'];

/** A bus that prints its events, attached before the server starts (what it does at start is printed too). */
function printingBus(): ServerEventBus {
  const bus = new ServerEventBus();
  for (const name of PRINTED)
    bus.on(name, (payload: unknown) =>
      process.stdout.write(`event ${name} ${JSON.stringify(printable(name, payload))}\n`),
    );
  return bus;
}

/**
 * Benchmark hook (opt-in, bench/run.ts): BENCH_STATS_FILE=path makes SIGUSR2, and the stop, append one
 * JSON line of counters (fsync'd writes, commits, datagrams sent, CPU, peak RSS) to that file.
 */
function benchStats(server: RunningServer): () => void {
  const file = process.env.BENCH_STATS_FILE;
  if (!file) return () => undefined;
  const dump = (): void => {
    try {
      const line = {
        at: Date.now(),
        ...server.stats(),
        cpu: process.cpuUsage(),
        maxRssKb: process.resourceUsage().maxRSS,
      };
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch (e) {
      process.stderr.write(`bench: cannot write ${file}: ${(e as Error).message}\n`);
    }
  };
  process.on('SIGUSR2', dump);
  return dump;
}

try {
  const events = printEvents ? printingBus() : undefined;
  const clock = testClockFromEnv(); // AUCTION_TEST_CLOCK=1: tests only (server/testing/test-clock.ts)
  // §9 --nats: a server of a house; imported only then, so the embedded path never loads the NATS clients.
  const start = options.natsUrls ? (await import('./cluster/house-server.js')).startHouseServer : startServer;
  const server = await start({
    ...options,
    events,
    ...(clock && { now: clock.now }),
    onFatal: () => process.exit(1),
  });
  clock?.listen(() => server.rearmTimers());
  const finalStats = benchStats(server);
  const shutdown = (signal: string): void => {
    process.stdout.write(`${signal}: stopping (flushing the change log)\n`);
    void server.stop().then(() => {
      finalStats();
      process.exit(0);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Printed even with --quiet: scripts and tests read the chosen port (--udp-port 0) from it. After the
  // signal handlers, so whoever reads it can already stop the server cleanly.
  // A house's server also says which one it is (the id its log lines and snapshot markers give).
  const id = 'serverId' in server && typeof server.serverId === 'string' ? ` server=${server.serverId}` : '';
  if (options.stdoutLog === false) process.stdout.write(`listening on udp://${server.host}:${server.udpPort}${id}\n`);
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  if (e instanceof DamagedFileError) {
    fail(
      `refusing to start: ${err.message}\nThe file was left untouched; repair or move it, or start with another --db.`,
    );
  } else if (e instanceof NatsUnreachableError) {
    fail(`cannot start: ${err.message}; is nats-server running there with JetStream on (-js)?`);
  } else if (e instanceof HouseSettingsError) {
    fail(`refusing to start: ${err.message}`);
  } else if (e instanceof DbLockedError || e instanceof UnsafeFileError) {
    fail(`refusing to start: ${err.message}`);
  } else if (err.code === 'EADDRINUSE') {
    fail(`UDP port already in use (${err.message}); pick another with --udp-port`);
  } else if (err.code === 'EADDRNOTAVAIL') {
    fail(`cannot bind that --host (${err.message})`);
  } else {
    fail(err.message);
  }
}
