// `npm run bench:scale`'s command line (shared/cli): one row per flag. Pure.
import { option, parseCommandLine, toggle, validate, type CommandLine, type CommandSpec } from '../shared/cli/index.js';

export const SECTIONS = ['listing', 'keys', 'idle', 'history', 'storm', 'window', 'cache'] as const;
export type Section = (typeof SECTIONS)[number];

export interface ScaleConfig {
  auctions: number;
  clients: number;
  idleS: number;
  history: number[];
  runs: number;
  sections: Section[];
  quick: boolean;
  out: string | null;
  /** window: bids of the storm before the restart inside the reply window, and their rate. */
  windowBids: number;
  windowRate: number;
  /** cache: distinct requests of the flood, and the --reply-cache-mb caps it runs against. */
  cacheRequests: number;
  cacheMb: number[];
}

type Draft = ScaleConfig & { given: Set<string> };

const whole = (min: number, max: number) => validate.number({ min, max, integer: true });
const section = validate.oneOf(...SECTIONS);
const bidCounts = validate.listOf(whole(1, 100_000_000), 'whole numbers');
const sectionList = validate.listOf(section, 'section names');

export const SCALE_CLI: CommandSpec<Draft> = {
  program: 'bench:scale',
  usage: ['npm run bench:scale -- [options]'],
  summary:
    'The scale run of issue 14: a floor of 10,000 open auctions listed by a spectator (the real TUI in tmux, ' +
    'and the client core with the real store), key→frame latency at 10,000 rows, 500 idle client cores on ' +
    'that floor (server CPU, datagrams per client), restart time and memory over 1 M and 10 M archived bids, ' +
    'and the bid storm beside a 10,000-lot floor. Prints a table against the targets and writes a result JSON.',
  defaults: () => ({
    auctions: 10_000,
    clients: 500,
    idleS: 30,
    history: [1_000_000, 10_000_000],
    runs: 3,
    sections: [...SECTIONS],
    quick: false,
    out: null,
    windowBids: 300_000,
    windowRate: 5_000,
    cacheRequests: 2_000_000,
    cacheMb: [16, 128],
    given: new Set(),
  }),
  flags: [
    option({
      name: 'auctions',
      arg: 'N',
      help: 'open auctions on the floor',
      default: 10_000,
      parse: whole(1, 200_000),
      apply: (o, v) => (o.auctions = v),
    }),
    option({
      name: 'clients',
      arg: 'N',
      help: 'idle client cores',
      default: 500,
      parse: whole(1, 5000),
      apply: (o, v) => ((o.clients = v), o.given.add('clients')),
    }),
    option({
      name: 'idle-s',
      arg: 'S',
      help: 'seconds the idle clients are measured',
      default: 30,
      parse: whole(1, 3600),
      apply: (o, v) => ((o.idleS = v), o.given.add('idle-s')),
    }),
    option({
      name: 'history',
      arg: 'LIST',
      help: 'archived bids to restart over, comma-separated (an empty server is always measured too)',
      default: '1000000,10000000',
      parse: bidCounts,
      apply: (o, v: number[]) => {
        o.history = v;
        o.given.add('history');
      },
    }),
    option({
      name: 'runs',
      arg: 'N',
      help: 'repetitions of each measure (medians are reported)',
      default: 3,
      parse: whole(1, 50),
      apply: (o, v) => ((o.runs = v), o.given.add('runs')),
    }),
    option({
      name: 'sections',
      arg: 'LIST',
      help: `what to run, comma-separated: ${SECTIONS.join(', ')}`,
      default: SECTIONS.join(','),
      parse: sectionList,
      apply: (o, v: Section[]) => (o.sections = v),
    }),
    option({
      name: 'window-bids',
      arg: 'N',
      help: 'window: bids of the storm before the restart inside the reply window (--quick: 50,000)',
      default: 300_000,
      parse: whole(1, 10_000_000),
      apply: (o, v) => ((o.windowBids = v), o.given.add('window-bids')),
    }),
    option({
      name: 'window-rate',
      arg: 'N',
      help: "window: the storm's bids a second",
      default: 5_000,
      parse: whole(1, 100_000),
      apply: (o, v) => (o.windowRate = v),
    }),
    option({
      name: 'cache-requests',
      arg: 'N',
      help: 'cache: distinct requests of the flood from one registered client (--quick: 400,000)',
      default: 2_000_000,
      parse: whole(1, 100_000_000),
      apply: (o, v) => ((o.cacheRequests = v), o.given.add('cache-requests')),
    }),
    option({
      name: 'cache-mb',
      arg: 'LIST',
      help: 'cache: the --reply-cache-mb caps the flood runs against, comma-separated',
      default: '16,128',
      parse: validate.listOf(whole(1, 65_536), 'whole numbers'),
      apply: (o, v: number[]) => (o.cacheMb = v),
    }),
    toggle({
      name: 'quick',
      help: 'a short run: 1 repetition, 100 clients for 10 s, 1 M bids of history',
      apply: (o) => (o.quick = true),
    }),
    option({
      name: 'out',
      arg: 'PATH',
      help: 'result JSON (default bench/results/scale-<timestamp>.json)',
      parse: validate.anyPath,
      apply: (o, v) => (o.out = v),
    }),
  ],
};

/** --quick's defaults, for what was not given explicitly. */
export function settleScale(d: Draft): ScaleConfig {
  const { given, ...c } = d;
  if (c.quick) {
    if (!given.has('runs')) c.runs = 1;
    if (!given.has('clients')) c.clients = 100;
    if (!given.has('idle-s')) c.idleS = 10;
    if (!given.has('history')) c.history = [1_000_000];
    if (!given.has('window-bids')) c.windowBids = 50_000;
    if (!given.has('cache-requests')) c.cacheRequests = 400_000;
  }
  return c;
}

export function parseScaleArgs(argv: readonly string[]): CommandLine<ScaleConfig> {
  const r = parseCommandLine(SCALE_CLI, argv);
  return r.kind === 'run' ? { kind: 'run', options: settleScale(r.options) } : r;
}
