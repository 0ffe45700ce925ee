// The server's command line: one row per flag (shared/cli). To add a flag, add a row here; --help,
// the error messages and README's table (`npm run docs:cli`) follow from it.
import { option, parseCommandLine, toggle, validate, type CommandSpec } from '../shared/cli/index.js';
import { INCREMENT_POLICIES, type FieldResult, type IncrementPolicy } from '../shared/protocol/index.js';
import type { LimitScope } from './limits.js';
import { LOG_DEFAULTS, LOG_LEVELS, type LogLevel } from './log.js';
import { REPLY_CACHE_DEFAULT_MB } from './outbox.js';
import { DEFAULTS, type ServerOptions } from './server.js';

/** `--nats`: NATS URLs (nats://HOST:PORT, or HOST:PORT), comma-separated. */
function natsUrls(t: string): FieldResult<string[]> {
  const urls = t.split(',').map((u) => u.trim());
  for (const u of urls) {
    if (!/^(nats:\/\/)?[^\s/,:]+(:\d{1,5})?$/.test(u) && !/^(nats:\/\/)?\[[0-9a-fA-F:.]+\](:\d{1,5})?$/.test(u))
      return { ok: false, reason: `must be NATS URLs, nats://HOST:PORT, comma-separated` };
  }
  return { ok: true, value: urls.map((u) => (u.startsWith('nats://') ? u : `nats://${u}`)) };
}

/** What the command line sets: the server's options, and what main.ts does around the server. */
export interface ServerCommandLine extends ServerOptions {
  /** --events: one `event NAME JSON` line on stdout per server event (tests of the process await them). */
  printEvents?: boolean;
}

export const SERVER_CLI: CommandSpec<ServerCommandLine> = {
  program: 'auction-server',
  usage: ['auction-server [options]', 'npm run server -- [options]   (from a checkout)'],
  summary:
    'Runs the auction server headless: UDP for requests and pushes, TCP out to the buyer and the seller ' +
    "when an auction closes. Logs one line per event to stdout and to a file beside the db; prints 'listening on " +
    "udp://HOST:PORT' once it accepts requests.",
  defaults: () => ({}),
  // §9: a house on NATS keeps its state there, never in a file as well.
  check: (_o, given) => {
    if (!given.has('nats')) return given.has('house') ? '--house needs --nats' : null;
    for (const f of ['db', 'memory'])
      if (given.has(f)) return `--${f} cannot be used with --nats: the house keeps its state in NATS JetStream`;
    return null;
  },
  flags: [
    option({
      name: 'host',
      arg: 'HOST',
      help: 'address to bind',
      default: DEFAULTS.host,
      parse: validate.host,
      apply: (o, v) => (o.host = v),
    }),
    option({
      name: 'udp-port',
      arg: 'PORT',
      help: 'UDP port; 0 picks any free port, and the listening line tells which',
      default: DEFAULTS.udpPort,
      parse: validate.bindPort,
      apply: (o, v) => (o.udpPort = v),
    }),
    option({
      name: 'db',
      arg: 'PATH',
      help: 'lowdb data file, its change log beside it; the directory must exist, it is not created',
      default: DEFAULTS.dbPath,
      parse: validate.fileInExistingDir,
      apply: (o, v) => (o.dbPath = v),
    }),
    option({
      name: 'log-file',
      arg: 'PATH',
      help: 'log file, or "none" for no file (default: beside the db, db.json → db.log)',
      parse: (t): FieldResult<string | null> =>
        t === 'none' ? { ok: true, value: null } : validate.fileInExistingDir(t),
      apply: (o, v) => (o.logFile = v),
    }),
    option({
      name: 'log-level',
      arg: 'LEVEL',
      help: 'lowest level logged: error, warn, info (every request and its reply) or debug (also every push)',
      default: LOG_DEFAULTS.level,
      parse: validate.oneOf<LogLevel>(...LOG_LEVELS),
      apply: (o, v) => (o.logLevel = v),
    }),
    option({
      name: 'log-max-mb',
      arg: 'MB',
      help: 'rotate the log file when it reaches this size (FILE → FILE.1 …); 0 never rotates',
      default: LOG_DEFAULTS.maxMb,
      parse: validate.number({ min: 0, max: 1_000_000, unit: 'megabytes' }),
      apply: (o, v) => (o.logMaxMb = v),
    }),
    option({
      name: 'log-keep',
      arg: 'N',
      help: 'rotated log files kept (FILE.1 newest … FILE.N); older ones are deleted',
      default: LOG_DEFAULTS.keep,
      parse: validate.number({ min: 0, max: 1000, integer: true }),
      apply: (o, v) => (o.logKeep = v),
    }),
    toggle({
      name: 'quiet',
      help: 'no log lines on stdout but the listening line; the log file still gets them all (no file: warnings to stderr)',
      apply: (o) => (o.stdoutLog = false),
    }),
    option({
      name: 'soft-close',
      arg: 'S',
      help: 'a bid with fewer than S seconds left extends the close to S seconds from now; 0 is off',
      default: DEFAULTS.softCloseS,
      parse: validate.number({ min: 0, max: 86_400, integer: true, unit: 'seconds' }),
      apply: (o, v) => (o.softCloseS = v),
    }),
    option({
      name: 'commission',
      arg: 'F',
      help: 'house commission as a fraction of the final price',
      default: DEFAULTS.commission,
      parse: validate.number({ min: 0, max: 0.99 }),
      apply: (o, v) => (o.commission = v),
    }),
    option({
      name: 'inform-timeout',
      arg: 'S',
      help: "seconds a sale waits for both parties' payment details",
      default: DEFAULTS.informTimeoutS,
      parse: validate.number({ min: 1, max: 86_400, unit: 'seconds' }),
      apply: (o, v) => (o.informTimeoutS = v),
    }),
    option({
      name: 'negotiate-repeat',
      arg: 'MS',
      help: 'how often an unanswered NEGOTIATE_REQ is repeated',
      default: DEFAULTS.negotiateRepeatMs,
      parse: validate.number({ min: 50, max: 60_000, integer: true, unit: 'milliseconds' }),
      apply: (o, v) => (o.negotiateRepeatMs = v),
    }),
    option({
      name: 'max-listings-per-seller',
      arg: 'N',
      help: 'open auctions one seller may have at a time; LIST_ITEM beyond it is denied',
      default: DEFAULTS.maxListingsPerSeller,
      parse: validate.number({ min: 1, max: 10_000_000, integer: true, unit: 'auctions' }),
      apply: (o, v) => (o.maxListingsPerSeller = v),
    }),
    option({
      name: 'addresses',
      arg: 'MODE',
      help:
        'verified: REGISTER and LOGIN need the cookie of a WATCH from their address; any: accepted without ' +
        '(course clients) (default: any on a loopback --host, verified otherwise)',
      parse: validate.oneOf<'any' | 'verified'>('any', 'verified'),
      apply: (o, v) => (o.addresses = v),
    }),
    option({
      name: 'limits',
      arg: 'SCOPE',
      help: 'registrations, failed LOGINs and WATCHes limited per address and name for: all sources, remote (all but loopback) or off',
      default: 'remote',
      parse: validate.oneOf<LimitScope>('all', 'remote', 'off'),
      apply: (o, v) => (o.limits = v),
    }),
    option({
      name: 'reply-cache-mb',
      arg: 'MB',
      help: 'memory for remembered replies, answered to retried requests for 120 s; oldest out first once full',
      default: REPLY_CACHE_DEFAULT_MB,
      parse: validate.number({ min: 1, max: 65_536, unit: 'megabytes' }),
      apply: (o, v) => (o.replyCacheMb = v),
    }),
    option({
      name: 'increments',
      arg: 'POLICY',
      help: "bid increments: cent (always 0.01, the course rule) or ebay (by the highest bid's band, 0.05 under 1.00 … 100.00 from 5,000.00)",
      default: DEFAULTS.increments,
      parse: validate.oneOf<IncrementPolicy>(...INCREMENT_POLICIES),
      apply: (o, v) => (o.increments = v),
    }),
    option({
      name: 'snapshot-min-kb',
      arg: 'KB',
      help: 'rewrite db.json once the change log has grown this much (and as large as db.json); with --nats, a server following the leader stores a house snapshot once this much of the change stream is new (and as much as the last snapshot)',
      default: 4096,
      parse: validate.number({ min: 1, max: 16_777_216, integer: true, unit: 'kilobytes' }),
      apply: (o, v) => (o.snapshotMinKb = v),
    }),
    toggle({
      name: 'events',
      help: 'print one line "event NAME JSON" on stdout per server event (bound, bid, auction-closed, closure, …) once its change is on disk',
      apply: (o) => (o.printEvents = true),
    }),
    option({
      name: 'nats',
      arg: 'URL[,URL…]',
      help: 'join the house of several servers on this NATS JetStream cluster (PROTOCOL.md §9) instead of a --db file',
      parse: natsUrls,
      apply: (o, v) => (o.natsUrls = v),
    }),
    option({
      name: 'house',
      arg: 'NAME',
      help: 'with --nats: which house on that cluster (letters, digits, - and _)',
      default: 'main',
      parse: (t): FieldResult<string> =>
        /^[A-Za-z0-9_-]{1,32}$/.test(t)
          ? { ok: true, value: t }
          : { ok: false, reason: 'must be a house name of 1–32 letters, digits, - and _' },
      apply: (o, v) => (o.house = v),
    }),
    toggle({
      name: 'memory',
      help: 'keep state in memory only, nothing on disk (benchmarks only: not crash-safe)',
      apply: (o) => (o.storage = 'memory'),
    }),
  ],
};

export const parseServerArgs = (argv: readonly string[]) => parseCommandLine(SERVER_CLI, argv);
