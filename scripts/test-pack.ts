// `npm run test:pack`: the package as a user gets it. `npm pack` (which builds dist/ through prepack),
// `npm install -g --prefix TMP` of the tarball, then the installed commands on plain node:
//   auction-server --version; auction-server --udp-port=0 --db TMP/db.json (listening within 5 s);
//   auction --help; auction-demo/auction-history --version; and the installed TUI in a tmux terminal against the
//   installed server: its first frame, online, on React's production build.
// Also checks what the tarball holds (dist/, docs/, no sources or tests) and that no dev dependency got
// installed. Exit 0 when all hold; every failure names what was expected and what came.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runToExit, spawnListening, type ServerProcess } from './lib/processes.js';
import { hasTmux, TmuxSession } from './lib/tmux.js';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  devDependencies: Record<string, string>;
};
const tmp = mkdtempSync(path.join(os.tmpdir(), 'auction-pack-'));
const prefix = path.join(tmp, 'prefix');
const bin = (name: string): string => path.join(prefix, 'bin', name);
const started = Date.now();
let server: ServerProcess | null = null;
const term = new TmuxSession(`ship-pack-${process.pid}`);

function step(what: string): void {
  process.stdout.write(`test:pack ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${what}\n`);
}

function expect(ok: boolean, what: string, got: unknown): void {
  if (!ok) throw new Error(`${what}; got: ${typeof got === 'string' ? got : JSON.stringify(got)}`);
}

async function main(): Promise<void> {
  step('npm pack (prepack builds dist/)');
  const packed = execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [info] = JSON.parse(packed.slice(packed.indexOf('['))) as Array<{
    filename: string;
    files: { path: string }[];
  }>;
  const files = info.files.map((f) => f.path);
  for (const want of ['dist/auction-server.js', 'dist/auction.js', 'dist/auction-demo.js', 'docs/protocol.md']) {
    expect(files.includes(want), `the tarball should hold ${want}`, files);
  }
  for (const f of files) {
    expect(/^(dist\/|docs\/|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/.test(f), `unexpected file ${f}`, f);
  }

  step(`npm install -g --prefix ${prefix} ${info.filename}`);
  execFileSync(
    'npm',
    ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', path.join(tmp, info.filename)],
    { cwd: tmp, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const installed = path.join(prefix, 'lib', 'node_modules', pkg.name, 'node_modules');
  const dev = Object.keys(pkg.devDependencies).filter((d) => existsSync(path.join(installed, d)));
  expect(dev.length === 0, 'no dev dependency should be installed', dev);
  // Plain node: nothing of the checkout on the PATH or in NODE_PATH.
  const env = { PATH: `${path.join(prefix, 'bin')}:/usr/bin:/bin`, HOME: tmp, NODE_OPTIONS: '' };
  const run = (cmd: string, args: string[]) => runToExit(bin(cmd), args, { cwd: tmp, env });

  const version = await run('auction-server', ['--version']);
  expect(
    version.code === 0 && version.output === `auction-server ${pkg.version}\n`,
    'auction-server --version',
    version,
  );
  step(version.output.trim());
  for (const cmd of ['auction-demo', 'auction-history']) {
    const v = await run(cmd, ['--version']);
    expect(v.code === 0 && v.output === `${cmd} ${pkg.version}\n`, `${cmd} --version`, v);
  }

  const help = await run('auction', ['--help']);
  expect(help.code === 0 && help.output.startsWith('Usage: auction [options]'), 'auction --help', help);
  const docs = /The wire protocol: (\S+)/.exec(help.output)?.[1];
  expect(docs !== undefined && existsSync(docs), '--help should name the installed docs/protocol.md', help.output);
  const bad = await run('auction-server', ['--udp-port=x']);
  expect(bad.code === 2 && bad.output.startsWith('auction-server: --udp-port must be'), 'a bad flag: exit 2', bad);
  step('auction --help, auction-demo and auction-history --version, a bad flag: ok');

  const db = path.join(tmp, 'db.json');
  const t0 = Date.now();
  server = await spawnListening(bin('auction-server'), ['--udp-port=0', '--db', db], {
    cwd: tmp,
    env,
    timeoutMs: 5000,
    name: 'auction-server',
  });
  step(`auction-server --udp-port=0 --db ${db}: listening on udp port ${server.udpPort} after ${Date.now() - t0} ms`);

  if (!hasTmux) {
    process.stdout.write('test:pack: SKIPPED the TUI run — tmux is missing (apt-get install -y tmux)\n');
  } else {
    // Which React build the TUI loads: a preload that notes React's own require of its cjs build.
    const probe = path.join(tmp, 'react-probe.cjs');
    const seen = path.join(tmp, 'react-builds.txt');
    writeFileSync(
      probe,
      `const M = require('node:module'); const fs = require('node:fs'); const load = M._load;
M._load = function (request, ...rest) {
  if (/react[.-].*(production|development)/.test(request)) fs.appendFileSync(${JSON.stringify(seen)}, request + '\\n');
  return load.call(this, request, ...rest);
};\n`,
    );
    const profile = path.join(tmp, 'profile.json');
    term.start(
      `env -i PATH=${env.PATH} HOME=${tmp} TERM=xterm-256color NODE_OPTIONS='--require ${probe}' ` +
        `auction --spectate --server ${server.host}:${server.udpPort} --profile ${profile}; sleep 30`,
    );
    const screen = await term.waitFor((s) => /◆.*AUCTION.*online/.test(s), 'the TUI online', {
      timeoutMs: 20_000,
      context: () => server?.output() ?? '',
    });
    expect(screen.includes('Auctions'), 'the auction table on screen', screen);
    const builds = existsSync(seen) ? readFileSync(seen, 'utf8') : '';
    expect(/production/.test(builds) && !/development/.test(builds), "React's production build only", builds);
    step(`the installed TUI is online against the installed server (React: ${builds.trim().split('\n').join(', ')})`);
    term.keys('q');
    await term.waitFor((s) => !s.includes('◆'), 'the TUI to quit on q', { timeoutMs: 10_000 });
  }
  const code = await server.kill('SIGTERM');
  expect(code === 0, 'auction-server stops cleanly on SIGTERM', code);
  server = null;
  step('ok');
}

try {
  await main();
} catch (err) {
  process.stderr.write(`test:pack FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  term.kill();
  // (assigned inside main(): TypeScript's narrowing of the module-level `null` does not see it)
  await (server as ServerProcess | null)?.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
}
