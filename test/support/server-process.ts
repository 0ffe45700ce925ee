// The real server as a child process (`tsx server/main.ts`), for tests that restart or SIGKILL it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventLog } from './events.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
// `node --import tsx` rather than the tsx CLI: the CLI forks a second process, so a SIGKILL would
// hit the wrapper and leave the real server running.
const NODE_ARGS = ['--import', 'tsx', 'server/main.ts'];

export interface ServerProcess {
  child: ChildProcess;
  udpPort: number;
  host: string;
  output: () => string;
  /** Its events, when started with --events (tempDb's arguments include it). */
  events: EventLog;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

export function tempDir(prefix = 'auction-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh db.json path in a temp dir (its removal pushed onto `cleanups`) and the arguments that serve it on a free port, quietly. */
export function tempDb(cleanups: Array<() => void>, extra: string[] = []): { dir: string; db: string; args: string[] } {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const db = path.join(dir, 'db.json');
  return { dir, db, args: ['--udp-port', '0', '--db', db, '--quiet', '--events', ...extra] };
}

/** Start the server; resolves once it prints its listening line, rejects if it exits first. */
export function spawnServer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...NODE_ARGS, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const events = new EventLog();
  let partial = '';
  child.stdout.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) events.line(l);
  });
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, sig) => resolve(code ?? sig ?? -1)));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /listening on udp:\/\/([^\s]+):(\d+)/.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        child.stdout.on('data', (x: Buffer) => {
          out += x.toString();
        });
        resolve({
          child,
          host: m[1],
          udpPort: Number(m[2]),
          output: () => out,
          events,
          exited,
          kill: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

/** Run the server to completion (for start-up failures); resolves with exit code and all output. */
export function runServer(args: string[]): Promise<{ code: number | string; output: string }> {
  const child = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  return new Promise((resolve) => child.on('exit', (code, sig) => resolve({ code: code ?? sig ?? -1, output })));
}
