// `npm run bench`'s command line: one row per flag (shared/cli). Pure, so the table tests need no storm.
import path from 'node:path';
import {
  option,
  parseCommandLine,
  toggle,
  validate,
  type CommandLine,
  type CommandSpec,
  type Flag,
} from '../shared/cli/index.js';

export interface BenchConfig {
  bidders: number;
  items: number;
  subs: number;
  watchers: number;
  durationS: number;
  history: number[];
  runs: number;
  ideal: boolean;
  /** 'yes': storms then the kill check; 'only': just the kill check; 'no': no kill check. */
  kill: 'yes' | 'only' | 'no';
  retryMs: number;
  /** Seconds into the kill check's storm when the server is SIGKILLed (default: half the duration). */
  killAtS: number | null;
  out: string | null;
  quick: boolean;
  /** --cpu-prof DIR: the servers run under `node --cpu-prof` and write their profiles there. */
  cpuProfDir: string | null;
  /** Open auctions already on the floor (idle, closing from an hour on) besides the storm's items. */
  openFloor: number;
  /** The storm with maxima in play (§5 MAX_BID) after the plain one, at the smallest history. */
  maxima: boolean;
  /** The share of bidders that send MAX_BID instead of BID in that storm. */
  maxShare: number;
  /** How far above the next amount those maxima go (cents): room for the proxy to answer plain bids. */
  maxHeadroom: number;
  /** Alternating pairs of plain storms, fsync'd server vs the same build with --memory (0: none). */
  memoryPairs: number;
  /** The --memory server of those pairs writes the same log file as the fsync'd one. */
  memoryLog: boolean;
}

/** Before defaults that depend on other flags (--duration follows --quick) are settled. */
type Draft = BenchConfig & { duration: number | null };

const count = (min: number) => validate.number({ min, max: 1_000_000, integer: true });
const counts = validate.listOf(count(0), 'whole numbers');

/** The storm's shape: the flags `npm run bench` and `npm run bench:cluster` share. */
export interface StormShape {
  bidders: number;
  items: number;
  subs: number;
  watchers: number;
  /** --duration as given (null: the command's default, which may follow --quick). */
  duration: number | null;
}

export function stormFlags<O extends StormShape>(): Flag<O>[] {
  return [
    option({
      name: 'bidders',
      arg: 'N',
      help: 'bidders, each with one BID outstanding',
      default: 200,
      parse: count(1),
      apply: (o, v) => (o.bidders = v),
    }),
    option({
      name: 'items',
      arg: 'N',
      help: 'items (auctions)',
      default: 20,
      parse: count(1),
      apply: (o, v) => (o.items = v),
    }),
    option({
      name: 'subs',
      arg: 'N',
      help: 'subscribers per item',
      default: 10,
      parse: count(0),
      apply: (o, v) => (o.subs = v),
    }),
    option({
      name: 'watchers',
      arg: 'N',
      help: 'WATCHers',
      default: 2,
      parse: count(0),
      apply: (o, v) => (o.watchers = v),
    }),
    option({
      name: 'duration',
      arg: 'S',
      help: 'seconds per storm (--quick: 3)',
      default: 20,
      parse: validate.number({ min: 0.1, max: 3600, unit: 'seconds' }),
      apply: (o, v) => (o.duration = v),
    }),
  ];
}

export const BENCH_CLI: CommandSpec<Draft> = {
  program: 'bench',
  usage: ['npm run bench -- [options]'],
  summary:
    'The bid storm: the real server (and the ideal one) under closed-loop bidders, over growing stored ' +
    'histories, then a SIGKILL mid-storm. Prints a table and writes a result JSON.',
  defaults: () => ({
    bidders: 200,
    items: 20,
    subs: 10,
    watchers: 2,
    durationS: 20,
    duration: null,
    history: [0, 10_000, 100_000],
    runs: 1,
    ideal: true,
    kill: 'yes',
    retryMs: 1000,
    killAtS: null,
    out: null,
    quick: false,
    cpuProfDir: null,
    openFloor: 0,
    maxima: true,
    maxShare: 0.5,
    maxHeadroom: 3,
    memoryPairs: 3,
    memoryLog: false,
  }),
  flags: [
    ...stormFlags<Draft>(),
    option({
      name: 'history',
      arg: 'LIST',
      help: 'stored bids before the storm, comma-separated',
      default: '0,10000,100000',
      parse: counts,
      apply: (o, v) => (o.history = v),
    }),
    option({
      name: 'open-floor',
      arg: 'N',
      help: 'open auctions already on the floor (idle) besides the storm items; needs --history 0',
      default: 0,
      parse: count(0),
      apply: (o, v) => (o.openFloor = v),
    }),
    option({
      name: 'runs',
      arg: 'N',
      help: 'repeat every storm N times, report medians',
      default: 1,
      parse: validate.number({ min: 1, max: 100, integer: true }),
      apply: (o, v) => (o.runs = v),
    }),
    toggle({ name: 'no-ideal', help: 'skip the ideal server', apply: (o) => (o.ideal = false) }),
    toggle({
      name: 'kill',
      help: 'only the durability check (SIGKILL mid-storm, restart, compare)',
      apply: (o) => (o.kill = 'only'),
    }),
    toggle({ name: 'no-kill', help: 'skip the durability check', apply: (o) => (o.kill = 'no') }),
    option({
      name: 'retry-ms',
      arg: 'MS',
      help: 'retransmit an unanswered BID after MS',
      default: 1000,
      parse: validate.number({ min: 50, max: 60_000, unit: 'milliseconds' }),
      apply: (o, v) => (o.retryMs = v),
    }),
    option({
      name: 'kill-at',
      arg: 'S',
      help: "SIGKILL the server S seconds into the kill check's storm (default: half the duration)",
      parse: validate.number({ min: 0, max: 3600, unit: 'seconds' }),
      apply: (o, v) => (o.killAtS = v),
    }),
    toggle({ name: 'quick', help: '~3-second storms', apply: (o) => (o.quick = true) }),
    option({
      name: 'out',
      arg: 'PATH',
      help: 'result JSON (default bench/results/<timestamp>.json)',
      parse: validate.anyPath,
      apply: (o, v) => (o.out = v),
    }),
    toggle({
      name: 'no-maxima',
      help: 'skip the storm with maximum bids in play',
      apply: (o) => (o.maxima = false),
    }),
    option({
      name: 'max-share',
      arg: 'F',
      help: 'the share of bidders that send MAX_BID in the storm with maxima',
      default: 0.5,
      parse: validate.number({ min: 0, max: 1 }),
      apply: (o, v) => (o.maxShare = v),
    }),
    option({
      name: 'max-headroom',
      arg: 'CENTS',
      help: "how far a bidder's maximum goes above its next amount, so it answers others' plain bids",
      default: 3,
      parse: validate.number({ min: 0, max: 1_000_000, integer: true }),
      apply: (o, v) => (o.maxHeadroom = v),
    }),
    option({
      name: 'memory-pairs',
      arg: 'N',
      help: "N alternating pairs of plain storms: the fsync'd server against the same build with --memory (0: none)",
      default: 3,
      parse: validate.number({ min: 0, max: 100, integer: true }),
      apply: (o, v) => (o.memoryPairs = v),
    }),
    toggle({
      name: 'memory-log',
      help: 'the --memory server of those pairs writes the log file too, so the pair differs only in the store',
      apply: (o) => (o.memoryLog = true),
    }),
    option({
      name: 'cpu-prof',
      arg: 'DIR',
      help: 'run the servers under node --cpu-prof, profiles into DIR',
      parse: validate.anyPath,
      apply: (o, v) => (o.cpuProfDir = path.resolve(v)),
    }),
  ],
  check: (o, given) =>
    given.has('kill') && given.has('no-kill')
      ? '--kill and --no-kill contradict each other'
      : o.openFloor > 0 && o.history.some((h) => h > 0)
        ? '--open-floor needs --history 0 (both would write the db)'
        : null,
};

export function parseBenchArgs(argv: readonly string[]): CommandLine<BenchConfig> {
  const r = parseCommandLine(BENCH_CLI, argv);
  return r.kind === 'run' ? { kind: 'run', options: settle(r.options) } : r;
}

/** The defaults that follow other flags: --duration from --quick, an empty --history means [0]. */
export function settle(draft: Draft): BenchConfig {
  const { duration, ...c } = draft;
  return { ...c, durationS: duration ?? (c.quick ? 3 : 20), history: c.history.length ? c.history : [0] };
}
