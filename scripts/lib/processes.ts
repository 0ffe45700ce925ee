// Child processes for tests, benchmarks and scripts alike: temp dirs, the real server (or any command that
// prints its "listening on udp://HOST:PORT" line: npm, the bench's ideal server, an installed bin) as a child
// process with its address and `--events` lines read from stdout, and a command run to completion. Not a
// test module: bench/ and scripts/ import it; test/support/server.ts adds what only tests need.
import { spawn, type ChildProcess, type ChildProcessByStdio, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { EventLog } from './event-log.js';

/** The repository root (scripts/lib/ is two levels down). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The tsx binary, for shell commands (tmux panes) that run a TypeScript entry point. */
export const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
/**
 * `node --import tsx FILE` rather than the tsx CLI: the CLI forks a second process, so a SIGKILL would
 * hit the wrapper and leave the real server running.
 */
export const SERVER_ENTRY = ['--import', 'tsx', 'server/main.ts'];

const LISTENING = /listening on udp:\/\/(\S+):(\d+)/;

export function tempDir(prefix = 'auction-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ServerProcess {
  child: ChildProcess;
  /** The bound address as printed (IPv6 without brackets). */
  host: string;
  udpPort: number;
  address: { host: string; port: number };
  /** Everything it wrote so far, stdout and stderr (capped at `maxOutput` characters after listening). */
  output: () => string;
  /** The server's events, from its `event NAME JSON` lines (started with --events, as tempDb's arguments are). */
  events: EventLog;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<number | string>;
  /** Sends `signal` (SIGTERM by default) and resolves when the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<number | string>;
  /** SIGTERM and wait; nothing if it has already exited. */
  stop(): Promise<void>;
  /**
   * Moves the server's test clock forward (started with `testClock`: AUCTION_TEST_CLOCK=1, stdin piped)
   * and resolves once the server acknowledged the jump (its timers are re-armed by then).
   */
  advanceClock(ms: number, timeoutMs?: number): Promise<void>;
}

export interface ListeningOptions extends Pick<SpawnOptions, 'cwd' | 'detached'> {
  env?: NodeJS.ProcessEnv;
  /** Rejects (and kills the process) if no listening line came by then. Default 20 s. */
  timeoutMs?: number;
  /** How much output to keep once it listens (benchmarks print a lot). Default: all. */
  maxOutput?: number;
  /** Names the process in errors. Default "server". */
  name?: string;
  /** Called with the child as soon as it is spawned (e.g. to kill it if the caller is interrupted). */
  onSpawn?: (child: ChildProcess) => void;
  /**
   * Starts the server on the test clock (server/testing/test-clock.ts): see ServerProcess.advanceClock; a
   * number starts it that many ms ahead of the wall clock.
   */
  testClock?: boolean | number;
}

/**
 * Spawns `command args` and resolves once it prints "listening on udp://HOST:PORT"; rejects, with its
 * output, if it exits first or stays silent past the deadline (then it is killed: never left running).
 */
export function spawnListening(command: string, args: string[], opts: ListeningOptions = {}): Promise<ServerProcess> {
  const { timeoutMs = 20_000, maxOutput = Infinity, name = 'server' } = opts;
  const child = spawn(command, args, {
    cwd: opts.cwd ?? ROOT,
    env: {
      ...process.env,
      ...opts.env,
      ...(opts.testClock !== undefined &&
        opts.testClock !== false && {
          AUCTION_TEST_CLOCK: typeof opts.testClock === 'number' ? `+${opts.testClock}` : '1',
        }),
    },
    detached: opts.detached,
    stdio: [opts.testClock === undefined || opts.testClock === false ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  }) as ChildProcessByStdio<Writable | null, Readable, Readable>;
  opts.onSpawn?.(child);
  let out = '';
  let listening = false;
  const events = new EventLog();
  let partial = '';
  /** Acknowledgements of the test clock's jumps still awaited, in order. */
  const acks: Array<() => void> = [];
  child.stdout.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) {
      events.line(l);
      if (l.startsWith('test-clock advanced ')) acks.shift()?.();
    }
  });
  const advanceClock = (ms: number, timeoutMs = 30_000): Promise<void> => {
    if (!child.stdin) return Promise.reject(new Error(`${name} was not started with testClock`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} did not acknowledge advance ${ms} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      acks.push(() => {
        clearTimeout(timer);
        resolve();
      });
      child.stdin!.write(`advance ${Math.round(ms)}\n`);
    });
  };
  const keep = (d: Buffer): void => {
    if (!listening || out.length < maxOutput) out += d.toString();
  };
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, sig) => resolve(code ?? sig ?? -1)));
  const kill = (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | string> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill('SIGKILL');
      reject(new Error(`${name} did not say "listening on udp://" within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      keep(d);
      const m = listening ? null : LISTENING.exec(out);
      if (!m) return;
      listening = true;
      clearTimeout(timer);
      const host = m[1].replace(/^\[|\]$/g, '');
      const udpPort = Number(m[2]);
      resolve({
        child,
        host,
        udpPort,
        address: { host, port: udpPort },
        output: () => out,
        events,
        exited,
        kill,
        stop: async () => {
          await kill('SIGTERM');
        },
        advanceClock,
      });
    });
    child.stderr.on('data', keep);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      if (!listening) reject(new Error(`${name} exited (${code}) before listening:\n${out}`));
    });
  });
}

/** Run a command to completion (for start-up failures, --help); resolves with exit code and all output. */
export function runToExit(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | string; output: string }> {
  const child = spawn(command, args, {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.on('exit', (code, sig) => resolve({ code: code ?? sig ?? -1, output }));
  });
}
