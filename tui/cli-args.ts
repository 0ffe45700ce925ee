// Command-line flags of `npm start -- …`. Pure: returns options, a precise error, or a request for help.
import { fields } from '../shared/protocol/index.js';
import type { Role } from '../shared/protocol/index.js';

export interface CliOptions {
  server: { host: string; port: number };
  user: string | null;
  role: Role | null;
  spectate: boolean;
  profile: string | null;
  /** The server's --inform-timeout, if known: the checkout countdown is exact instead of estimated. */
  informTimeoutS?: number;
}

export type CliResult = { kind: 'run'; options: CliOptions } | { kind: 'help' } | { kind: 'error'; message: string };

export const USAGE = `Usage: npm start -- [options]

  --server HOST:PORT     the auction server's UDP address (default 127.0.0.1:5000)
  --user NAME            log in as NAME; a new NAME is registered with a generated secret
  --role buyer|seller    the role of a new account (needed the first time with --user)
  --spectate             watch every auction live without an account (no bidding)
  --inform-timeout S     the server's --inform-timeout (default: assume its default, 120 s);
                         the checkout pane counts down the time left to answer from it
  --profile PATH         where the account and its secret are kept
                         (default $XDG_CONFIG_HOME/terminal-auction/profile.json,
                          or ~/.config/terminal-auction/profile.json)
  -h, --help             show this help

Without --user or --spectate, the account from the profile is used; on the first run
a form asks for a name and a role.
`;

export const DEFAULT_SERVER = { host: '127.0.0.1', port: 5000 } as const;

const WITH_VALUE = new Set(['--server', '--user', '--role', '--profile', '--inform-timeout']);
const FLAGS = new Set([...WITH_VALUE, '--spectate', '--help', '-h']);

/** `HOST:PORT`, `PORT`, `[v6]:PORT`. */
export function parseServer(text: string): { host: string; port: number } | string {
  let host: string;
  let portText: string;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(text);
  if (v6) {
    [, host, portText] = v6;
  } else if (/^\d+$/.test(text)) {
    host = DEFAULT_SERVER.host;
    portText = text;
  } else {
    const i = text.lastIndexOf(':');
    if (i <= 0 || text.indexOf(':') !== i) return `--server must be HOST:PORT (e.g. 127.0.0.1:5000), got "${text}"`;
    host = text.slice(0, i);
    portText = text.slice(i + 1);
  }
  const port = fields.port(portText);
  if (!port.ok) return `--server port ${port.reason}, got "${portText}"`;
  if (!/^[A-Za-z0-9.:_-]+$/.test(host)) return `--server host "${host}" is not a host name or IP address`;
  return { host, port: port.value };
}

export function parseArgs(argv: readonly string[]): CliResult {
  const o: CliOptions = { server: { ...DEFAULT_SERVER }, user: null, role: null, spectate: false, profile: null };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!FLAGS.has(flag)) {
      return error(
        arg.startsWith('-') ? `unknown option ${flag}` : `unexpected argument "${arg}" (options start with --)`,
      );
    }
    if (flag === '--help' || flag === '-h') return { kind: 'help' };
    if (seen.has(flag)) return error(`${flag} given twice`);
    seen.add(flag);
    if (!WITH_VALUE.has(flag)) {
      if (eq > 0) return error(`${flag} takes no value`);
      o.spectate = true;
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) return error(`${flag} needs a value`);
      i++;
    }
    if (value === '') return error(`${flag} needs a value`);
    switch (flag) {
      case '--server': {
        const server = parseServer(value);
        if (typeof server === 'string') return error(server);
        o.server = server;
        break;
      }
      case '--user': {
        const name = fields.accountName(value);
        if (!name.ok) return error(`--user ${name.reason}, got "${value}"`);
        o.user = name.value;
        break;
      }
      case '--role': {
        const role = fields.role(value);
        if (!role.ok) return error(`--role must be buyer or seller, got "${value}"`);
        o.role = role.value;
        break;
      }
      case '--profile':
        o.profile = value;
        break;
      case '--inform-timeout': {
        const n = Number(value);
        if (!/^\d+(\.\d+)?$/.test(value) || n < 1 || n > 86_400)
          return error(`--inform-timeout must be seconds from 1 to 86400, got "${value}"`);
        o.informTimeoutS = n;
        break;
      }
    }
  }
  if (o.spectate && (o.user || o.role))
    return error('--spectate watches without an account: leave out --user and --role');
  if (o.role && !o.user) return error('--role goes with --user NAME');
  return { kind: 'run', options: o };
}

function error(message: string): CliResult {
  return { kind: 'error', message };
}
