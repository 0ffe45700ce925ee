// The test-support module for servers: everything in scripts/lib/processes.ts (temp dirs, the real server
// as a child process, any command that prints the listening line), plus what only tests use: a fresh db
// with the arguments that serve it, the server in-process with its events (scripts/lib/event-log.ts:
// awaited instead of polling files), and `eventually` for state that has no event to await.
import path from 'node:path';
import type { RunningServer, ServerOptions } from '../../server/server.js';
import { EventLog, WAIT_MS } from '../../scripts/lib/event-log.js';
import { SERVER_ENTRY, runToExit, spawnListening, tempDir, type ServerProcess } from '../../scripts/lib/processes.js';
import { UdpPeer } from './udp-peer.js';

export * from '../../scripts/lib/processes.js';
export { EventLog, WAIT_MS } from '../../scripts/lib/event-log.js';

/**
 * A fresh db.json path in a temp dir (its removal pushed onto `cleanups`) and the arguments that serve it
 * on a free port, quietly, printing its events (ServerProcess.events).
 */
export function tempDb(cleanups: Array<() => void>, extra: string[] = []): { dir: string; db: string; args: string[] } {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const db = path.join(dir, 'db.json');
  return { dir, db, args: ['--udp-port', '0', '--db', db, '--quiet', '--events', ...extra] };
}

/** What a test may ask of a spawned server beyond its arguments. */
export interface SpawnOptions {
  /**
   * On the test clock (server/testing/test-clock.ts): ServerProcess.advanceClock moves it forward; a number
   * starts it that many ms ahead of the wall clock.
   */
  testClock?: boolean | number;
}

/** Start the real server from the source with `args`; resolves once it prints its listening line. */
export function spawnServer(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  opts: SpawnOptions = {},
): Promise<ServerProcess> {
  return spawnListening(process.execPath, [...SERVER_ENTRY, ...args], { env, testClock: opts.testClock });
}

/** The real server on a free port with its data in `dbPath`, plus `extraArgs` (e.g. `--quiet`). */
export function startServerProcess(
  dbPath: string,
  extraArgs: string[] = [],
  opts: SpawnOptions = {},
): Promise<ServerProcess> {
  return spawnServer(['--udp-port', '0', '--db', dbPath, ...extraArgs], {}, opts);
}

/** Run the server from the source to completion (start-up failures, --help, --version). */
export function runServer(args: string[]): Promise<{ code: number | string; output: string }> {
  return runToExit(process.execPath, [...SERVER_ENTRY, ...args]);
}

export interface InProcessServer {
  server: RunningServer;
  /** Every server event since before the start (events.ts). */
  events: EventLog;
  dir: string;
  dbPath: string;
  peers: UdpPeer[];
  /** A UDP peer sending from `ip` (default 127.0.0.1; any of 127.0.0.0/8 is another source). */
  peer(ip?: string): Promise<UdpPeer>;
  /**
   * Moves the server's clock forward (unless `now` was given) and re-arms its timers: half time or a
   * close happens when the test says so; await its event (or datagram) then.
   */
  advanceClock(ms: number): void;
  /** The server's clock now (the wall clock plus what advanceClock added, or the `now` given). */
  now(): number;
  close(): Promise<void>;
}

/** The server in this process on 127.0.0.1:0, its db in a fresh temp dir (faster than a child process). */
export async function inProcessServer(opts: ServerOptions = {}): Promise<InProcessServer> {
  // Loaded here, not at the top: the spawning helpers (used by the bench and the e2e tests) need none of it.
  const { startServer, ServerEventBus } = await import('../../server/server.js');
  const { dir, cleanup } = tempDir();
  const dbPath = path.join(dir, 'db.json');
  const bus = new ServerEventBus();
  const events = EventLog.of(bus); // from before the start: what the server does at start is seen too
  let offset = 0; // the test clock: the wall clock plus what advanceClock added
  const now = opts.now ?? (() => Date.now() + offset);
  const server = await startServer({
    host: '127.0.0.1',
    udpPort: 0,
    dbPath,
    stdoutLog: false,
    events: bus,
    ...opts,
    now,
  });
  const peers: UdpPeer[] = [];
  return {
    server,
    events,
    dir,
    dbPath,
    peers,
    async peer(ip?: string) {
      const p = await UdpPeer.open(server, ip);
      peers.push(p);
      return p;
    },
    advanceClock(ms) {
      if (opts.now) throw new Error('advanceClock: this server runs on the clock the test gave it');
      offset += ms;
      server.rearmTimers();
    },
    now,
    async close() {
      for (const p of peers) p.close();
      await server.stop();
      cleanup();
    },
  };
}

/**
 * Polls `check` until it returns something other than undefined/false (for state with no event: a
 * durable file, a log line, a screen). A throw counts as "not yet" (a file read mid-rename).
 */
export async function eventually<T>(
  check: () => T | undefined | false,
  what: string | (() => string),
  opts: { timeoutMs?: number; pollMs?: number } | number = {},
): Promise<T> {
  const { timeoutMs = WAIT_MS, pollMs = 25 } = typeof opts === 'number' ? { timeoutMs: opts } : opts;
  const until = Date.now() + timeoutMs;
  for (;;) {
    let v: T | undefined | false;
    try {
      v = check();
    } catch {
      v = undefined;
    }
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
