// `npm run bench:cluster`'s command line, and the pure arithmetic of its report (the ratio line), so
// both are tested without a cluster.
import path from 'node:path';
import { option, parseCommandLine, toggle, validate, type CommandLine, type CommandSpec } from '../shared/cli/index.js';
import { stormFlags } from './args.js';
import { median } from './stats.js';

export interface ClusterBenchConfig {
  bidders: number;
  items: number;
  subs: number;
  watchers: number;
  durationS: number;
  /** Each run: one storm against the embedded server and one against the house, in alternating order. */
  runs: number;
  retryMs: number;
  /** Skip the failover measure (SIGKILL of the leader after the house's storm). */
  failover: boolean;
  out: string | null;
  quick: boolean;
  /** --cpu-prof DIR: the house's servers run under `node --cpu-prof` and write their profiles there. */
  cpuProfDir: string | null;
}

type Draft = ClusterBenchConfig & { duration: number | null; runsGiven: number | null };

export const CLUSTER_BENCH_CLI: CommandSpec<Draft> = {
  program: 'bench:cluster',
  usage: ['npm run bench:cluster -- [options]'],
  summary:
    'The bid storm of `npm run bench` against the embedded server and split across two servers of a house ' +
    'on a fresh 3-node JetStream cluster (PROTOCOL.md §9), then a SIGKILL of the leader. The last line is ' +
    'the ratio of accepted bids/s.',
  defaults: () => ({
    bidders: 200,
    items: 20,
    subs: 10,
    watchers: 2,
    durationS: 20,
    duration: null,
    runs: 3,
    runsGiven: null,
    retryMs: 1000,
    failover: true,
    out: null,
    quick: false,
    cpuProfDir: null,
  }),
  flags: [
    ...stormFlags<Draft>(),
    option({
      name: 'runs',
      arg: 'N',
      help: 'pairs of storms (embedded, house), alternating which goes first; report medians',
      default: 3,
      parse: validate.number({ min: 1, max: 100, integer: true }),
      apply: (o, v) => (o.runsGiven = v),
    }),
    option({
      name: 'retry-ms',
      arg: 'MS',
      help: 'retransmit an unanswered BID after MS',
      default: 1000,
      parse: validate.number({ min: 50, max: 60_000, unit: 'milliseconds' }),
      apply: (o, v) => (o.retryMs = v),
    }),
    toggle({ name: 'no-failover', help: 'skip the SIGKILL of the leader', apply: (o) => (o.failover = false) }),
    toggle({ name: 'quick', help: '~3-second storms, one run', apply: (o) => (o.quick = true) }),
    option({
      name: 'out',
      arg: 'PATH',
      help: 'result JSON (default bench/results/cluster-<timestamp>.json)',
      parse: validate.anyPath,
      apply: (o, v) => (o.out = v),
    }),
    option({
      name: 'cpu-prof',
      arg: 'DIR',
      help: "run the house's servers under node --cpu-prof, profiles into DIR",
      parse: validate.anyPath,
      apply: (o, v) => (o.cpuProfDir = path.resolve(v)),
    }),
  ],
};

export function parseClusterBenchArgs(argv: readonly string[]): CommandLine<ClusterBenchConfig> {
  const r = parseCommandLine(CLUSTER_BENCH_CLI, argv);
  return r.kind === 'run' ? { kind: 'run', options: settleCluster(r.options) } : r;
}

/** --quick means 3-second storms and one run, unless --duration or --runs say otherwise. */
export function settleCluster(draft: Draft): ClusterBenchConfig {
  const { duration, runsGiven, ...c } = draft;
  return { ...c, durationS: duration ?? (c.quick ? 3 : 20), runs: runsGiven ?? (c.quick ? 1 : 3) };
}

/** One run's accepted bids/s: the embedded server's and the house's, measured back to back. */
export interface RunPair {
  embedded: number;
  cluster: number;
}

const fix2 = (x: number): string => x.toFixed(2);

/**
 * The report's last line: the median over runs of each run's ratio (a run's two storms share the
 * machine's mood), then in the parens the median bids/s of each and every run's ratio.
 */
export function ratioLine(runs: readonly RunPair[]): { ratio: number; line: string } {
  const ratios = runs.map((r) => (r.embedded > 0 ? r.cluster / r.embedded : 0));
  const ratio = Math.round(median(ratios) * 100) / 100;
  const c = median(runs.map((r) => r.cluster)).toFixed(0);
  const e = median(runs.map((r) => r.embedded)).toFixed(0);
  const line =
    `cluster/embedded accepted bids/s = ${fix2(ratio)} ` +
    `(cluster ${c}, embedded ${e}; median of ${runs.length} run(s): ${ratios.map(fix2).join(', ')})`;
  return { ratio, line };
}
