// `npm run demo`: an embedded auction server (free UDP port, its own db in a temp dir, logging to a
// file only), bot sellers and bidders on a lively floor (demo/), and the TUI as a buyer in a child
// process that owns the terminal. When the TUI ends (q, Ctrl-C) or the demo gets SIGINT/SIGTERM/SIGHUP,
// the TUI, the bots and the server are stopped and the demo exits 0. With --no-tui: bots and server only.
// With --cluster: a house of two server processes on a local 3-node NATS JetStream cluster (demo/house.ts)
// instead of the embedded server, and --kill-after S (or the k key with --no-tui) SIGKILLs one of them.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nanoid } from 'nanoid';
import { startServer, type RunningServer } from '../server/server.js';
import { emptyProfile, findAccount, loadProfile, saveProfile, withAccount } from '../tui/profile.js';
import { commandLine, fatal } from '../shared/cli/index.js';
import { commandLine as typedCommand } from '../tui/invocation.js';
import { formatServer } from '../tui/server-list.js';
import type { ServerAddress } from '../shared/client/types.js';
import { DEMO_CLI } from './args.js';
import { DemoFloor } from './bots.js';
import { startDemoHouse, type DemoHouse } from './house.js';
import { seededRandom } from '../shared/random.js';

const HERE = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(HERE), '..');
/** How the TUI child starts: from the source through tsx, or from the build (dist/auction.js beside this bundle). */
const TUI_COMMAND = HERE.endsWith('.ts')
  ? ['--import', 'tsx', join(ROOT, 'tui/main.tsx')]
  : [join(dirname(HERE), 'auction.js')];
/** How a server of the demo's house starts: as the TUI, from the source or from the build. */
const SERVER_COMMAND = HERE.endsWith('.ts')
  ? ['--import', 'tsx', join(ROOT, 'server/main.ts')]
  : [join(dirname(HERE), 'auction-server.js')];
/**
 * The bots' retransmissions with several servers: a silent server is left after 250 ms × (2⁴ − 1) =
 * 3.75 s instead of the 15.5 s of §3's 500 ms × 5 tries, about the time a house takes to fail over.
 */
const HOUSE_RETRY = { retryInitialMs: 250, retryTries: 4 };
/**
 * What the TUI leaves behind if it is killed before it can restore the terminal: show the cursor, leave the alternate
 * screen.
 */
const TERMINAL_RESET = '\x1b[?25h\x1b[?1049l';
/** The buyer's checkout address in the demo (the card is typed at checkout: 4111 1111 1111 1111 works). */
const DEMO_ADDRESS = '1 Demo Street, Montreal QC';

const fail = (message: string): never => fatal(DEMO_CLI.program, message, 2);

async function main(): Promise<void> {
  const opts = commandLine(DEMO_CLI);
  if (opts.tui && (!process.stdin.isTTY || !process.stdout.isTTY)) {
    fail('the TUI needs an interactive terminal; use --no-tui to run only the server and the bots');
  }

  const seed = opts.seed ?? Date.now() >>> 0;
  const ownDir = opts.dir === null;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'auction-demo-'));
  if (!ownDir) mkdirSync(dir, { recursive: true });

  // Nothing may be printed over the TUI: the server logs to a file, the bots to another.
  const botLog: WriteStream = createWriteStream(join(dir, 'bots.log'), { flags: 'a' });
  let botLogOpen = true;
  botLog.on('error', () => {
    botLogOpen = false;
  });
  // With --no-tui the bots' actions also go to stdout, until it fails (e.g. piped into `head`).
  let stdoutOpen = !opts.tui;
  process.stdout.on('error', () => {
    stdoutOpen = false;
  });
  const say = (text: string) => {
    if (!stdoutOpen) return;
    try {
      process.stdout.write(text);
    } catch {
      stdoutOpen = false;
    }
  };
  const log = (line: string) => {
    if (botLogOpen) botLog.write(`${new Date().toISOString()} ${line}\n`);
    say(`${line}\n`);
  };

  let server: RunningServer | null = null;
  let house: DemoHouse | null = null;
  let floor: DemoFloor | null = null;
  let child: ChildProcess | null = null;
  let shuttingDown: Promise<never> | null = null;

  const shutdown = (code: number, why: string): Promise<never> => {
    shuttingDown ??= (async () => {
      log(`demo stopping (${why})`);
      // A safety net: whatever hangs, the demo is gone within 10 s of being asked to stop.
      setTimeout(() => process.exit(code || 1), 10_000).unref();
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child!.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child?.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      try {
        await floor?.stop();
        await server?.stop();
        await house?.stop();
      } catch (err) {
        log(`error while stopping: ${(err as Error).message}`);
        code = code || 1;
      }
      say(`Demo stopped${code === 0 ? '' : ` (exit ${code})`}.\n`);
      botLogOpen = false;
      await new Promise<void>((r) => botLog.end(() => r()));
      if (ownDir) rmSync(dir, { recursive: true, force: true });
      process.exit(code);
    })();
    return shuttingDown;
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void shutdown(0, sig));
  let crashed = false;
  process.on('uncaughtException', (err) => {
    if (crashed) return; // already stopping: never loop on an error raised while reporting one
    crashed = true;
    stdoutOpen = false;
    if (botLogOpen) botLog.write(`${new Date().toISOString()} demo crashed: ${err.stack ?? err.message}\n`);
    if (!opts.tui || !child) {
      try {
        process.stderr.write(`demo crashed: ${err.stack ?? err.message}\n`);
      } catch {
        // stderr is gone too
      }
    }
    void shutdown(1, 'crash');
  });
  process.on('unhandledRejection', (err) => {
    log(`unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  });

  // --server: the servers given (one house); otherwise one of its own, embedded.
  let servers: ServerAddress[];
  try {
    if (opts.cluster) {
      house = await startDemoHouse({ servers: 2, dir, cwd: ROOT, serverCommand: SERVER_COMMAND });
      servers = house.servers;
      const info = { pid: process.pid, servers: servers.map(formatServer), nats: house.natsUrls, seed, dir };
      writeFileSync(join(dir, 'demo.json'), `${JSON.stringify(info)}\n`);
      log(
        `house of ${servers.length} servers ${info.servers.join(',')} on NATS ${house.natsUrls}, seed ${seed}, dir ${dir}`,
      );
    } else if (opts.servers) {
      servers = opts.servers;
      const info = { pid: process.pid, servers: servers.map(formatServer), seed, dir };
      writeFileSync(join(dir, 'demo.json'), `${JSON.stringify(info)}\n`);
      log(`servers ${info.servers.join(',')}, seed ${seed}, speed ${opts.speed}, dir ${dir}`);
    } else {
      server = await startServer({
        host: '127.0.0.1',
        udpPort: 0,
        dbPath: join(dir, 'db.json'),
        logFile: join(dir, 'server.log'),
        stdoutLog: false,
      });
      servers = [{ host: server.host, port: server.udpPort }];
      writeFileSync(
        join(dir, 'demo.json'),
        `${JSON.stringify({ pid: process.pid, host: server.host, udpPort: server.udpPort, seed, dir })}\n`,
      );
      log(`server on udp://${server.host}:${server.udpPort}, seed ${seed}, speed ${opts.speed}, dir ${dir}`);
    }
    floor = await DemoFloor.connect({
      server: servers,
      rng: seededRandom(seed),
      speed: opts.speed,
      auctions: opts.auctions ?? undefined,
      log,
      ...(servers.length > 1 && { client: HOUSE_RETRY }),
    });
  } catch (err) {
    process.stderr.write(`${DEMO_CLI.program}: could not start: ${(err as Error).message}\n`);
    return shutdown(1, 'start failed');
  }
  const where = servers.map(formatServer).join(',');
  const profilePath = join(dir, 'profile.json');
  const killOne = async (why: string): Promise<void> => {
    const gone = await house?.killOne();
    if (gone === undefined) return;
    if (gone === null) return log('one server is left: it stays up');
    const rest = house!.running().map(formatServer).join(',');
    log(`SIGKILLed the server on ${formatServer(gone)} (${why}); the floor goes on through ${rest}`);
  };
  if (house && opts.killAfterS !== null) {
    setTimeout(() => void killOne(`--kill-after ${opts.killAfterS}`), opts.killAfterS * 1000).unref();
  }

  if (!opts.tui) {
    say(
      [
        server ? `Demo server listening on udp://${where} (seed ${seed})` : `Demo bots on ${where} (seed ${seed})`,
        `${floor.sellerNames.length} sellers and ${floor.bidderNames.length} bidders keep ${floor.target} auctions going.`,
        `Connect a TUI: ${typedCommand('tui', `--server ${where} --user ${opts.user} --role buyer --profile ${profilePath}`)}`,
        house && process.stdin.isTTY
          ? 'k SIGKILLs a server (the floor goes on through the other); Ctrl-C stops the demo.'
          : 'Ctrl-C stops the demo.',
        '',
      ].join('\n'),
    );
    if (house && process.stdin.isTTY) {
      // Keys, one at a time: k kills a server; Ctrl-C (raw mode: a byte, not a signal) and q stop.
      process.stdin.setRawMode(true);
      process.stdin.on('data', (b: Buffer) => {
        const key = b.toString();
        if (key === 'k') void killOne('k pressed');
        else if (key === '\x03' || key === 'q') void shutdown(0, key === 'q' ? 'q' : 'Ctrl-C');
      });
    }
    await floor.open();
    return; // the bots and the server keep the event loop alive until a signal
  }

  prepareProfile(profilePath, opts.user, log);
  // Open the floor once the TUI watches, so it sees every auction being listed (not only a catalog). Servers
  // of someone else's tell the demo nothing: their catalog shows the TUI what it missed.
  const live = server ? tuiWatching(server, opts.user, 10_000) : Promise.resolve();
  child = spawn(
    process.execPath,
    [...TUI_COMMAND, '--server', where, '--user', opts.user, '--role', 'buyer', '--profile', profilePath],
    { cwd: ROOT, stdio: 'inherit' },
  );
  child.once('error', (err) => {
    process.stderr.write(`${DEMO_CLI.program}: could not start the TUI: ${err.message}\n`);
    void shutdown(1, 'TUI failed to start');
  });
  child.once('exit', (code, signal) => {
    log(`TUI exited (${signal ?? code})`);
    if (signal) {
      // Killed before it could restore the terminal itself.
      try {
        process.stdout.write(TERMINAL_RESET);
        if (process.stdin.isTTY) process.stdin.setRawMode(false);
      } catch {
        // the terminal is gone
      }
    }
    // 129/130/143: the TUI's own handlers for SIGHUP/SIGINT/SIGTERM, i.e. the user interrupted: a clean stop.
    const clean =
      code === 0 || code === 129 || code === 130 || code === 143 || signal === 'SIGTERM' || signal === 'SIGINT';
    void shutdown(clean ? 0 : (code ?? 1), 'TUI exited');
  });
  await live;
  if (!shuttingDown) await floor.open();
}

/**
 * The buyer's account in the demo profile, with a checkout address already filled in, so winning an
 * auction only asks for the (test) card. The TUI would create the account itself; this only saves typing.
 */
function prepareProfile(path: string, user: string, log: (line: string) => void): void {
  try {
    let profile = existsSync(path) ? loadProfile(path) : emptyProfile();
    const known = findAccount(profile, user);
    if (known?.address) return;
    profile = withAccount(
      profile,
      known
        ? { ...known, address: DEMO_ADDRESS }
        : { name: user, role: 'buyer', secret: nanoid(32), address: DEMO_ADDRESS },
    );
    saveProfile(path, profile);
  } catch (err) {
    log(`could not prepare the TUI profile (the TUI makes its own): ${(err as Error).message}`);
  }
}

/**
 * Resolves when `user` is logged in and its address watches (the TUI is live), or after timeoutMs (e.g.
 * at a register form). Listens to the server's events from the call on: call it before starting the TUI.
 */
function tuiWatching(server: RunningServer, user: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    let boundAt: string | null = null;
    const onBound = (b: { name: string; ip: string; udpPort: number }): void => {
      if (b.name.toLowerCase() === user.toLowerCase()) boundAt = `${b.ip}:${b.udpPort}`;
    };
    const onWatching = (w: { ip: string; port: number }): void => {
      if (boundAt === `${w.ip}:${w.port}`) finish();
    };
    const timer = setTimeout(() => finish(), timeoutMs);
    function finish(): void {
      clearTimeout(timer);
      server.events.off('bound', onBound);
      server.events.off('watching', onWatching);
      resolve();
    }
    server.events.on('bound', onBound);
    server.events.on('watching', onWatching);
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${DEMO_CLI.program}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
