// The real auction server for end-to-end tests: `server/main.ts` on UDP port 0, its address read from
// its "listening on udp://" line, its output kept for failure messages, and a stop() that waits for it.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tui/testing/ is two levels down). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The tsx binary, for tmux commands that start the TUI. */
export const TSX = join(ROOT, 'node_modules/.bin/tsx');

export interface TestServer {
  readonly process: ChildProcess;
  readonly address: { host: string; port: number };
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, and wait until it has exited. */
  stop(): Promise<void>;
}

/** Starts the server with `--udp-port 0 --db <dbPath>` and `extraArgs`; resolves once it listens. */
export async function startServer(dbPath: string, extraArgs: string[] = []): Promise<TestServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', '--udp-port', '0', '--db', dbPath, ...extraArgs],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const listening = new Promise<{ host: string; port: number }>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`server did not say "listening on udp://" within 20 s:\n${output}`)),
      20_000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on udp:\/\/(\S+):(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        ok({ host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) });
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.once('exit', (code) => fail(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
  let address: { host: string; port: number };
  try {
    address = await listening;
  } catch (err) {
    child.kill('SIGTERM'); // never leave a server running behind a failed start
    throw err;
  }
  return {
    process: child,
    address,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
