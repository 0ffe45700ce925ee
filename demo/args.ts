// The demo's command line: one row per flag (shared/cli). Pure: options, a precise error, or a
// request for help or the version.
import { option, parseCommandLine, toggle, validate, type CommandLine, type CommandSpec } from '../shared/cli/index.js';
import type { ServerAddress } from '../shared/client/types.js';
import { parseServers } from '../tui/server-list.js';
import { BIDDERS, SELLERS } from './seed.js';

export interface DemoOptions {
  /** Seed of every random choice (items, prices, think times, bids); null: a fresh one each run. */
  seed: number | null;
  /** Bots and server only: print the server address and keep running until Ctrl-C. */
  tui: boolean;
  /** > 1 makes think times and auction durations shorter. */
  speed: number;
  /** Where the db, logs and the TUI profile go (kept); null: a fresh temp dir, removed at exit. */
  dir: string | null;
  /** Auctions kept on the floor; null: 8–12 from the seed. */
  auctions: number | null;
  /** Name of the buyer the TUI logs in as. */
  user: string;
  /** Servers already running (one house) for the bots and the TUI; null: the demo starts its own. */
  servers: ServerAddress[] | null;
  /** A house of two servers on a local 3-node JetStream cluster (PROTOCOL.md §9) instead of one embedded server. */
  cluster: boolean;
  /** With --cluster: SIGKILL one of its servers after this many seconds; null: only on the k key (--no-tui). */
  killAfterS: number | null;
}

export type DemoArgs = CommandLine<DemoOptions>;

const BOT_NAMES = new Set([...SELLERS, ...BIDDERS].map((p) => p.name.toLowerCase()));

export const DEMO_CLI: CommandSpec<DemoOptions> = {
  program: 'auction-demo',
  usage: ['auction-demo [options]', 'npm run demo -- [options]   (from a checkout)'],
  summary: 'Starts an auction server with bot sellers and bidders, then opens the TUI as a buyer against them.',
  defaults: () => ({
    seed: null,
    tui: true,
    speed: 1,
    dir: null,
    auctions: null,
    user: 'you',
    servers: null,
    cluster: false,
    killAfterS: null,
  }),
  flags: [
    option({
      name: 'seed',
      arg: 'N',
      help: 'reproducible floor: the same items, prices and bot personas for the same N',
      parse: validate.number({ min: 0, max: 0xffffffff, integer: true }),
      apply: (o, v) => (o.seed = v),
    }),
    toggle({
      name: 'no-tui',
      help: 'run only the server and the bots; prints the address to connect your own TUI',
      apply: (o) => (o.tui = false),
    }),
    option({
      name: 'speed',
      arg: 'X',
      help: 'pace multiplier: 2 = twice as fast, shorter auctions',
      default: 1,
      parse: validate.number({ min: 0.25, max: 10 }),
      apply: (o, v) => (o.speed = v),
    }),
    option({
      name: 'auctions',
      arg: 'N',
      help: 'auctions kept on the floor',
      default: '8 to 12',
      parse: validate.number({ min: 1, max: 20, integer: true }),
      apply: (o, v) => (o.auctions = v),
    }),
    option({
      name: 'user',
      arg: 'NAME',
      help: 'the buyer you play',
      default: 'you',
      parse: (text) => {
        const name = validate.accountName(text);
        if (name.ok && BOT_NAMES.has(text.toLowerCase())) return { ok: false, reason: 'must not be one of the bots' };
        return name;
      },
      apply: (o, v) => (o.user = v),
    }),
    option({
      name: 'server',
      arg: 'HOST:PORT[,HOST:PORT…]',
      help:
        'bots and TUI against servers already running instead of a server of its own; several, comma-separated, ' +
        'are the servers of one house (the bots and the TUI move to the next when one stops answering)',
      parse: parseServers,
      apply: (o, v) => (o.servers = v),
    }),
    toggle({
      name: 'cluster',
      help:
        'a house of two servers on a local 3-node NATS JetStream cluster instead of the embedded server; bots ' +
        'spread across both, the TUI given both; --no-tui: the k key SIGKILLs a server',
      apply: (o) => (o.cluster = true),
    }),
    option({
      name: 'kill-after',
      arg: 'S',
      help: 'with --cluster: SIGKILL one of the two servers after S seconds, to see the floor go on through the other',
      parse: validate.number({ min: 1, max: 86_400, unit: 'seconds' }),
      apply: (o, v) => (o.killAfterS = v),
    }),
    option({
      name: 'dir',
      arg: 'PATH',
      help: 'keep the db, server.log, bots.log and the TUI profile in PATH, created if missing (default: a temp dir, removed at exit)',
      parse: validate.anyPath,
      apply: (o, v) => (o.dir = v),
    }),
  ],
  check: (o) =>
    o.cluster && o.servers
      ? '--cluster starts its own house: it does not go with --server'
      : o.killAfterS !== null && !o.cluster
        ? '--kill-after goes with --cluster'
        : null,
  notes:
    'Quit the TUI with q or Ctrl-C; the demo then stops the bots and the server (its own: never one given with --server).',
};

export const parseDemoArgs = (argv: readonly string[]): DemoArgs => parseCommandLine(DEMO_CLI, argv);
