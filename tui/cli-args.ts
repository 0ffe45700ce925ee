// The TUI's command line: one row per flag (shared/cli). To add a flag, add a row to TUI_CLI; --help,
// the error messages and README's table (`npm run docs:cli`) follow from it. Pure.
import { option, parseCommandLine, toggle, validate, type CommandLine, type CommandSpec } from '../shared/cli/index.js';
import type { ServerAddress } from '../shared/client/types.js';
import type { FieldResult } from '../shared/protocol/index.js';
import type { Cents, Role } from '../shared/protocol/index.js';
import { formatMoney } from '../shared/protocol/index.js';
import { INCREMENT_POLICIES, type IncrementPolicy } from '../shared/protocol/increments.js';
import { parseAmount } from './input/field.js';
import { DEFAULT_SETTINGS } from './state/model.js';
import { DEFAULT_SERVER, formatServer, parseServers } from './server-list.js';

export { DEFAULT_SERVER, formatServer, parseServer, parseServers } from './server-list.js';

/** A dollar amount, exactly as a money field takes it (no sign, comma, exponent or currency sign). */
const amountFlag = (text: string): FieldResult<Cents> => parseAmount(text);

export interface CliOptions {
  /** The server, or the servers of one house in the order they are tried (a list of one, usually). */
  servers: ServerAddress[];
  user: string | null;
  role: Role | null;
  spectate: boolean;
  profile: string | null;
  /** The server's --inform-timeout, if known: the checkout countdown is exact instead of estimated. */
  informTimeoutS?: number;
  /** Ask before a bid (or maximum) of at least this many times the current price… */
  confirmRatio: number;
  /** …or at least this much above it (cents). */
  confirmAboveCents: Cents;
  /** --no-confirm: never ask. */
  confirm: boolean;
  /** --no-bell: alerts without the terminal bell. */
  bell: boolean;
  /** The server's --increments, when known (else the client core learns it from the server). */
  increments?: IncrementPolicy;
}

export type CliResult = CommandLine<CliOptions>;

export const TUI_CLI: CommandSpec<CliOptions> = {
  program: 'auction',
  usage: ['auction [options]', 'npm start -- [options]   (from a checkout)'],
  summary: 'The auction floor, full screen: bid live with the keyboard, sell, or watch as a spectator.',
  defaults: () => ({
    servers: [{ ...DEFAULT_SERVER }],
    user: null,
    role: null,
    spectate: false,
    profile: null,
    confirmRatio: DEFAULT_SETTINGS.confirmRatio,
    confirmAboveCents: DEFAULT_SETTINGS.confirmAboveCents,
    confirm: true,
    bell: true,
  }),
  flags: [
    option({
      name: 'server',
      arg: 'HOST:PORT[,HOST:PORT…]',
      help: "the auction server's UDP address; a comma-separated list: the servers of one house, the next used when one stops answering",
      default: formatServer(DEFAULT_SERVER),
      parse: parseServers,
      apply: (o, v) => (o.servers = v),
    }),
    option({
      name: 'user',
      arg: 'NAME',
      help: 'log in as NAME; a new NAME is registered with a generated secret',
      parse: validate.accountName,
      apply: (o, v) => (o.user = v),
    }),
    option({
      name: 'role',
      arg: 'buyer|seller',
      help: 'the role of a new account (needed the first time with --user)',
      parse: validate.role,
      apply: (o, v) => (o.role = v),
    }),
    toggle({
      name: 'spectate',
      help: 'watch every auction live without an account (no bidding)',
      apply: (o) => (o.spectate = true),
    }),
    option({
      name: 'inform-timeout',
      arg: 'S',
      help: "the server's --inform-timeout, so the checkout pane's countdown is exact (default: assume 120 s)",
      parse: validate.number({ min: 1, max: 86_400, unit: 'seconds' }),
      apply: (o, v) => (o.informTimeoutS = v),
    }),
    option({
      name: 'increments',
      arg: 'cent|ebay',
      help: "the server's --increments, when you know it (otherwise the TUI learns it from the server's answers)",
      parse: validate.oneOf<IncrementPolicy>(...INCREMENT_POLICIES),
      apply: (o, v) => (o.increments = v),
    }),
    option({
      name: 'confirm-ratio',
      arg: 'X',
      help: 'ask for a second key before a bid or maximum of at least X times the current price',
      default: DEFAULT_SETTINGS.confirmRatio,
      parse: validate.number({ min: 1.01, max: 1000 }),
      apply: (o, v) => (o.confirmRatio = v),
    }),
    option({
      name: 'confirm-above',
      arg: 'AMOUNT',
      help: '…or of at least AMOUNT dollars above it',
      default: formatMoney(DEFAULT_SETTINGS.confirmAboveCents),
      parse: amountFlag,
      apply: (o, v) => (o.confirmAboveCents = v),
    }),
    toggle({
      name: 'no-confirm',
      help: 'send large bids without asking',
      apply: (o) => (o.confirm = false),
    }),
    toggle({
      name: 'no-bell',
      help: 'no terminal bell on alerts (outbid, the last minute of a watched or leading auction, a checkout)',
      apply: (o) => (o.bell = false),
    }),
    option({
      name: 'profile',
      arg: 'PATH',
      help:
        'where the account, its secret and the shipping address are kept, mode 0600 ' +
        '(default $XDG_CONFIG_HOME/terminal-auction/profile.json, or ~/.config/terminal-auction/profile.json)',
      parse: validate.anyPath,
      apply: (o, v) => (o.profile = v),
    }),
  ],
  check: (o, given) => {
    if (!o.confirm && (given.has('confirm-ratio') || given.has('confirm-above')))
      return '--no-confirm never asks: leave out --confirm-ratio and --confirm-above';
    if (o.spectate && (o.user || o.role)) return '--spectate watches without an account: leave out --user and --role';
    if (o.role && !o.user) return '--role goes with --user NAME';
    return null;
  },
  notes:
    'Without --user or --spectate, the account from the profile is used; on the first run a form asks for a name ' +
    'and a role.',
};

export const parseArgs = (argv: readonly string[]): CliResult => parseCommandLine(TUI_CLI, argv);
