// `npm run chaos`'s command line (shared/cli): one row per flag.
import { option, toggle, validate, type CommandSpec } from '../shared/cli/index.js';

export interface ChaosConfig {
  /** null: the default, 24 (with --cluster 16): see `killsOf`. */
  kills: number | null;
  clients: number;
  items: number;
  seed: number;
  maxS: number;
  port: number;
  snapshotKb: number;
  retryMs: number;
  probes: number;
  out: string | null;
  keep: boolean;
  /** --cluster: a house of `servers` servers on a 3-node JetStream cluster (PROTOCOL.md §9). */
  cluster: boolean;
  servers: number;
  /** With --cluster: auctions that close during the run (every other one with a bid). */
  closures: number;
}

/** The number of kills: --kills, or the default of the mode (a house's kill and restart take longer). */
export const killsOf = (c: ChaosConfig): number => c.kills ?? (c.cluster ? 16 : 24);

const count = (min: number, max: number) => validate.number({ min, max, integer: true });

export const CHAOS_CLI: CommandSpec<ChaosConfig> = {
  program: 'chaos',
  usage: ['npm run chaos -- [options]'],
  summary:
    'SIGKILLs the real server at random moments (some during start-up and snapshots) under a steady flow of ' +
    'bids, restarts it, retries unanswered requests, and checks the durable state against what the bidders ' +
    'were told: 0 acknowledged bids lost, 0 own bids rejected on retry. Bounded, stops by itself.',
  defaults: () => ({
    kills: null,
    clients: 6,
    items: 3,
    seed: 13,
    maxS: 180,
    port: 0,
    snapshotKb: 0, // 0: 16 on one server (chaos.ts), none on a house
    retryMs: 250,
    probes: 3,
    out: null,
    keep: false,
    cluster: false,
    servers: 3,
    closures: 6,
  }),
  flags: [
    option({
      name: 'kills',
      arg: 'N',
      help:
        'SIGKILLs: every 4th during start-up, every 4th aimed at a snapshot, the rest at random ' +
        '(--cluster: 16, each of a random server or NATS node)',
      default: 24,
      parse: count(1, 1000),
      apply: (o, v) => (o.kills = v),
    }),
    option({
      name: 'clients',
      arg: 'N',
      help: 'bidders, each with one BID outstanding',
      default: 6,
      parse: count(1, 500),
      apply: (o, v) => (o.clients = v),
    }),
    option({
      name: 'items',
      arg: 'N',
      help: 'auctions the bidders share',
      default: 3,
      parse: count(1, 500),
      apply: (o, v) => (o.items = v),
    }),
    option({
      name: 'seed',
      arg: 'N',
      help: 'seed of the kill schedule',
      default: 13,
      parse: count(0, 2 ** 31),
      apply: (o, v) => (o.seed = v),
    }),
    option({
      name: 'max-s',
      arg: 'S',
      help: 'stop after this many seconds even if not all kills are done',
      default: 180,
      parse: validate.number({ min: 5, max: 3600, unit: 'seconds' }),
      apply: (o, v) => (o.maxS = v),
    }),
    option({
      name: 'port',
      arg: 'PORT',
      help: 'UDP port of the server (kept across restarts); 0 picks a free one from 5400–5499',
      default: 0,
      parse: validate.bindPort,
      apply: (o, v) => (o.port = v),
    }),
    option({
      name: 'snapshot-kb',
      arg: 'KB',
      help:
        "the server's --snapshot-min-kb: small, so that many kills land during a snapshot " +
        '(--cluster: none unless given; the house servers then keep their whole stream)',
      default: 16,
      parse: count(1, 1_000_000),
      apply: (o, v) => (o.snapshotKb = v),
    }),
    option({
      name: 'retry-ms',
      arg: 'MS',
      help: 'retransmit an unanswered request after MS',
      default: 250,
      parse: validate.number({ min: 20, max: 10_000, unit: 'milliseconds' }),
      apply: (o, v) => (o.retryMs = v),
    }),
    option({
      name: 'probes',
      arg: 'N',
      help: 'acknowledged bids each bidder resends after every restart',
      default: 3,
      parse: count(0, 1000),
      apply: (o, v) => (o.probes = v),
    }),
    option({
      name: 'out',
      arg: 'PATH',
      help: 'result JSON (default bench/results/chaos-<timestamp>.json)',
      parse: validate.anyPath,
      apply: (o, v) => (o.out = v),
    }),
    toggle({ name: 'keep', help: 'keep the temp dir with the db', apply: (o) => (o.keep = true) }),
    toggle({
      name: 'cluster',
      help: 'a house of --servers servers on a local 3-node JetStream cluster: kill servers and NATS nodes',
      apply: (o) => (o.cluster = true),
    }),
    option({
      name: 'servers',
      arg: 'N',
      help: 'with --cluster: servers in the house',
      default: 3,
      parse: count(2, 8),
      apply: (o, v) => (o.servers = v),
    }),
    option({
      name: 'closures',
      arg: 'N',
      help: 'with --cluster: auctions that close during the run, every other one with a bid (checked: each closes once)',
      default: 6,
      parse: count(0, 100),
      apply: (o, v) => (o.closures = v),
    }),
  ],
  check: (o, given) =>
    !o.cluster && (given.has('servers') || given.has('closures')) ? '--servers and --closures go with --cluster' : null,
};
