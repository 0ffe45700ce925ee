// `npm run test:stress [-- --burners N --runs N --jest]`: the whole suite on a busy machine (issue 21).
// Starts N CPU-bound burner processes (a busy loop each), runs `npm test` (or `npm run jest` with --jest)
// beside them, once per run, and reports pass/fail and the duration of each run, then the tally and the
// median duration. Each run's output goes to a log file (named in the report; the failing tests' lines
// are printed). The burners are killed at the end, and on Ctrl-C or SIGTERM (the suite's process group
// too). Exit 0 only if every run passed.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from '../bench/stats.js';
import { commandLine, option, toggle, validate, type CommandSpec } from '../shared/cli/index.js';
import { ROOT } from './lib/processes.js';

interface StressOptions {
  burners: number;
  runs: number;
  jest: boolean;
}

const STRESS_CLI: CommandSpec<StressOptions> = {
  program: 'test:stress',
  usage: ['npm run test:stress -- [options]'],
  summary: 'The whole test suite beside CPU-bound burner processes: pass/fail and duration of each run.',
  defaults: () => ({ burners: 2, runs: 1, jest: false }),
  flags: [
    option({
      name: 'burners',
      arg: 'N',
      help: 'CPU-bound processes beside the suite',
      default: 2,
      parse: validate.number({ min: 0, max: 64, integer: true }),
      apply: (o, v) => (o.burners = v),
    }),
    option({
      name: 'runs',
      arg: 'N',
      help: 'runs of the suite, one after the other',
      default: 1,
      parse: validate.number({ min: 1, max: 100, integer: true }),
      apply: (o, v) => (o.runs = v),
    }),
    toggle({
      name: 'jest',
      help: 'run `npm run jest` (the three jest tiers) instead of `npm test` (type check, lint, jest)',
      apply: (o) => (o.jest = true),
    }),
  ],
};
const opts = commandLine(STRESS_CLI);

const burners: ChildProcess[] = [];
let suite: ChildProcess | null = null;

function startBurners(n: number): void {
  // A busy loop in its own process: one core's worth of load each, nothing written anywhere.
  for (let i = 0; i < n; i++) burners.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

function stopAll(): void {
  for (const b of burners.splice(0)) if (b.exitCode === null && b.signalCode === null) b.kill('SIGKILL');
  // The suite runs in its own process group (detached): npm, jest and its workers, servers, tmux clients.
  if (suite?.pid && suite.exitCode === null) {
    try {
      process.kill(-suite.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    process.stderr.write(`\ntest:stress: ${sig}, stopping the burners and the suite\n`);
    stopAll();
    process.exit(130);
  });
}
process.on('exit', stopAll);

interface RunResult {
  run: number;
  ok: boolean;
  code: number | string;
  seconds: number;
  log: string;
  failures: string[];
}

function runSuite(run: number): Promise<RunResult> {
  const log = path.join(os.tmpdir(), `auction-test-stress-${process.pid}-run${run}.log`);
  const out = createWriteStream(log);
  const args = opts.jest ? ['run', 'jest'] : ['test'];
  const t0 = performance.now();
  // CI stays as it is: with CI set, a missing tmux fails the e2e tier here too.
  const child = spawn('npm', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  suite = child;
  let tail = '';
  const keep = (d: Buffer): void => {
    out.write(d);
    tail = (tail + d.toString()).slice(-2_000_000); // the failure summary is at the end
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      suite = null;
      out.end();
      const seconds = (performance.now() - t0) / 1000;
      // eslint-disable-next-line no-control-regex -- ESC is exactly what this strips
      const plain = tail.replace(/\x1b\[[0-9;]*m/g, '');
      const failures = [...new Set(plain.split('\n').filter((l) => /^\s*(FAIL |●\s)/.test(l)))].slice(0, 40);
      resolve({ run, ok: code === 0, code: code ?? signal ?? -1, seconds, log, failures });
    });
  });
}

const cmd = opts.jest ? 'npm run jest' : 'npm test';
process.stdout.write(
  `test:stress: ${opts.runs} run(s) of \`${cmd}\` beside ${opts.burners} CPU burner(s) on ${os.cpus().length} core(s)\n`,
);
startBurners(opts.burners);
const results: RunResult[] = [];
for (let run = 1; run <= opts.runs; run++) {
  const r = await runSuite(run);
  results.push(r);
  const m = Math.floor(r.seconds / 60);
  const s = Math.round(r.seconds % 60);
  process.stdout.write(
    `run ${run}/${opts.runs}: ${r.ok ? 'PASS' : `FAIL (exit ${r.code})`} in ${m} min ${s} s — log ${r.log}\n`,
  );
  for (const f of r.failures) process.stdout.write(`    ${f.trim()}\n`);
}
stopAll();
const passed = results.filter((r) => r.ok).length;
const med = median(results.map((r) => r.seconds));
process.stdout.write(
  `test:stress: ${passed} of ${results.length} passed; median ${Math.floor(med / 60)} min ${Math.round(med % 60)} s ` +
    `(${results.map((r) => `${r.seconds.toFixed(0)} s`).join(', ')})\n`,
);
process.exit(passed === results.length ? 0 : 1);
