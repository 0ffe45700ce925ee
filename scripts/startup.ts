// `npm run bench:startup [-- --runs N]`: start-up time from the build (dist/, plain node) against from
// the source (tsx, as `npm run server` / `npm start` run them). Needs `npm run build` first.
//   server: spawn → its "listening on udp://" line;
//   TUI (`--spectate`, against a server started once): spawn → its first frame, and → "online" (logged
//   in as a watcher and the catalog read), in a pseudo-terminal (`script`, 120×40).
// Prints the median and the range of N runs (default 7), alternating source and build runs so that a
// busy machine slows both alike, and the ratio of the medians.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from '../bench/stats.js';
import { commandLine, option, validate, type CommandSpec } from '../shared/cli/index.js';
import { ROOT, spawnListening, tempDir, TSX, type ServerProcess } from './lib/processes.js';

const STARTUP_CLI: CommandSpec<{ runs: number }> = {
  program: 'bench:startup',
  usage: ['npm run bench:startup -- [options]'],
  summary: 'Start-up time of the server and the TUI, from the build against from the source.',
  defaults: () => ({ runs: 7 }),
  flags: [
    option({
      name: 'runs',
      arg: 'N',
      help: 'runs of each',
      default: 7,
      parse: validate.number({ min: 1, max: 100, integer: true }),
      apply: (o, v) => (o.runs = v),
    }),
  ],
};
const { runs } = commandLine(STARTUP_CLI);

const DIST = path.join(ROOT, 'dist');
if (!existsSync(path.join(DIST, 'auction.js'))) {
  process.stderr.write('bench:startup: no dist/ — run `npm run build` first\n');
  process.exit(2);
}
const { dir, cleanup } = tempDir('auction-startup-');
// eslint-disable-next-line no-control-regex -- ESC is exactly what this strips
const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '');

async function serverOnce(command: string, args: string[], run: number): Promise<number> {
  const t0 = performance.now();
  const s = await spawnListening(command, [
    ...args,
    '--udp-port',
    '0',
    '--db',
    path.join(dir, `s${run}.json`),
    '--quiet',
  ]);
  const ms = performance.now() - t0;
  await s.kill('SIGTERM');
  return ms;
}

/** ms to the first frame and to "online", in a 120×40 pseudo-terminal. */
function tuiOnce(command: string, server: string, run: number): Promise<[number, number]> {
  const profile = path.join(dir, `p${run}.json`);
  const inner = `stty cols 120 rows 40; exec ${command} --spectate --server ${server} --profile ${profile}`;
  const t0 = performance.now();
  const child = spawn('script', ['-qfec', inner, '/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  let first = 0;
  let done = false;
  child.stdin.on('error', () => {}); // the TUI may be gone already when `q` is written
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no frame with "online" within 30 s:\n${stripAnsi(out).slice(-2000)}`));
    }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      if (done) return;
      out += d.toString();
      const text = stripAnsi(out);
      if (!first && text.includes('◆')) first = performance.now() - t0;
      if (first && /◆.*online/.test(text)) {
        const online = performance.now() - t0;
        done = true;
        clearTimeout(timer);
        child.stdin.write('q');
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve([first, online]);
        });
      }
    });
  });
}

const row = (what: string, xs: number[]): string =>
  `${what.padEnd(34)} median ${median(xs).toFixed(0).padStart(5)} ms  (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;

let target: ServerProcess | null = null;
try {
  const src = { server: [] as number[], frame: [] as number[], online: [] as number[] };
  const built = { server: [] as number[], frame: [] as number[], online: [] as number[] };
  target = await spawnListening(process.execPath, [
    path.join(DIST, 'auction-server.js'),
    '--udp-port',
    '0',
    '--db',
    path.join(dir, 'target.json'),
    '--quiet',
  ]);
  const at = `${target.host}:${target.udpPort}`;
  for (let run = 0; run < runs; run++) {
    src.server.push(await serverOnce(TSX, ['server/main.ts'], run * 2));
    built.server.push(await serverOnce(process.execPath, [path.join(DIST, 'auction-server.js')], run * 2 + 1));
    const [f1, o1] = await tuiOnce(`${TSX} ${path.join(ROOT, 'tui/main.tsx')}`, at, run * 2);
    const [f2, o2] = await tuiOnce(`${process.execPath} ${path.join(DIST, 'auction.js')}`, at, run * 2 + 1);
    src.frame.push(f1);
    src.online.push(o1);
    built.frame.push(f2);
    built.online.push(o2);
    process.stderr.write(`run ${run + 1}/${runs} done\n`);
  }
  const ratio = (a: number[], b: number[]): string => `${(median(a) / median(b)).toFixed(1)}×`;
  process.stdout.write(
    [
      `start-up, ${runs} runs each (node ${process.version})`,
      row('server → listening, source (tsx)', src.server),
      row('server → listening, build', built.server),
      row('TUI → first frame, source (tsx)', src.frame),
      row('TUI → first frame, build', built.frame),
      row('TUI → online, source (tsx)', src.online),
      row('TUI → online, build', built.online),
      `source / build (medians): server ${ratio(src.server, built.server)}, TUI first frame ${ratio(src.frame, built.frame)}, online ${ratio(src.online, built.online)}`,
      '',
    ].join('\n'),
  );
} catch (err) {
  process.stderr.write(`bench:startup failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await target?.kill('SIGTERM');
  cleanup();
}
