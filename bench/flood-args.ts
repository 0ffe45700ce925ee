// `npm run flood`'s command line (shared/cli): one row per flag.
import { option, toggle, validate, type CommandSpec } from '../shared/cli/index.js';

export interface FloodConfig {
  datagrams: number;
  rate: number;
  auctions: number;
  logins: number;
  loginS: number;
  port: number;
  addresses: 'any' | 'verified' | null;
  out: string | null;
  quick: boolean;
}

const count = (min: number, max: number) => validate.number({ min, max, integer: true });

export const FLOOD_CLI: CommandSpec<FloodConfig> = {
  program: 'flood',
  usage: ['npm run flood -- [options]'],
  summary:
    'What hostile traffic costs the real server: RSS and log growth under a flood of distinct datagrams ' +
    'from unverified addresses; an honest bidder’s BID→reply time while wrong-secret LOGINs are kept in ' +
    'flight; and the amplification (datagrams and bytes out per datagram in) of every request type from ' +
    'an unverified address. Bounded, stops by itself.',
  defaults: () => ({
    datagrams: 500_000,
    rate: 40_000,
    auctions: 500,
    logins: 64,
    loginS: 8,
    port: 0,
    addresses: null,
    out: null,
    quick: false,
  }),
  flags: [
    option({
      name: 'datagrams',
      arg: 'N',
      help: 'distinct datagrams of the flood (--quick: 50000)',
      default: 500_000,
      parse: count(1_000, 10_000_000),
      apply: (o, v) => (o.datagrams = v),
    }),
    option({
      name: 'rate',
      arg: 'N',
      help: 'datagrams per second the flood is paced at',
      default: 40_000,
      parse: count(100, 1_000_000),
      apply: (o, v) => (o.rate = v),
    }),
    option({
      name: 'auctions',
      arg: 'N',
      help: 'open auctions (what an unverified CATALOG would list)',
      default: 500,
      parse: count(0, 100_000),
      apply: (o, v) => (o.auctions = v),
    }),
    option({
      name: 'logins',
      arg: 'N',
      help: 'wrong-secret LOGINs kept in flight during the honest bidder’s second phase',
      default: 64,
      parse: count(1, 10_000),
      apply: (o, v) => (o.logins = v),
    }),
    option({
      name: 'login-s',
      arg: 'S',
      help: 'seconds of each phase of the honest bidder (alone, then with the LOGINs) (--quick: 3)',
      default: 8,
      parse: validate.number({ min: 1, max: 600, unit: 'seconds' }),
      apply: (o, v) => (o.loginS = v),
    }),
    option({
      name: 'port',
      arg: 'PORT',
      help: 'UDP port of the server; 0 picks a free one from 5400–5499',
      default: 0,
      parse: validate.bindPort,
      apply: (o, v) => (o.port = v),
    }),
    option({
      name: 'addresses',
      arg: 'MODE',
      help: "the server's --addresses (default: the server's own default)",
      parse: validate.oneOf<'any' | 'verified'>('any', 'verified'),
      apply: (o, v) => (o.addresses = v),
    }),
    toggle({ name: 'quick', help: 'a short flood (50,000 datagrams, 3 s phases)', apply: (o) => (o.quick = true) }),
    option({
      name: 'out',
      arg: 'PATH',
      help: 'result JSON (default bench/results/flood-<timestamp>.json)',
      parse: validate.anyPath,
      apply: (o, v) => (o.out = v),
    }),
  ],
};
