// Command-line flags of `npm run server`. Every bad flag gets a precise message (exit 2 in main.ts).
import { DEFAULTS, type ServerOptions } from './server.js';

export const USAGE = `Usage: npm run server -- [options]

Runs the auction server (PROTOCOL.md) headless: UDP for requests and pushes, TCP out to clients at closure.

Options:
  --host HOST            address to bind (default ${DEFAULTS.host})
  --udp-port PORT        UDP port, 0 for any free port (default ${DEFAULTS.udpPort})
  --db PATH              lowdb data file (default ${DEFAULTS.dbPath}); its change log sits beside it
  --log-file PATH        log file (default: beside the db, db.json → db.log); "none" for no file
  --quiet                do not print log lines to stdout (the log file still gets them)
  --soft-close S         a bid with fewer than S seconds left extends the close to S seconds (default 0 = off)
  --commission F         house commission as a fraction of the final price (default ${DEFAULTS.commission})
  --inform-timeout S     seconds a sale waits for both parties' payment details (default ${DEFAULTS.informTimeoutS})
  --negotiate-repeat MS  how often NEGOTIATE_REQ is repeated until answered (default ${DEFAULTS.negotiateRepeatMs})
  --memory               keep state in memory only, nothing on disk (benchmarks only: not crash-safe)
  -h, --help             show this help
`;

export type CliResult = { ok: true; help: boolean; options: ServerOptions } | { ok: false; error: string };

function num(flag: string, v: string | undefined, min: number, max: number, integer: boolean): number | string {
  if (v === undefined || v.startsWith('--')) return `${flag} needs a value`;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    return `${flag} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max} (got "${v}")`;
  }
  return n;
}

export function parseServerArgs(argv: string[]): CliResult {
  const o: ServerOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = (): string | undefined => argv[++i];
    const take = (key: keyof ServerOptions, min: number, max: number, integer = true): string | null => {
      const r = num(flag, next(), min, max, integer);
      if (typeof r === 'string') return r;
      (o as Record<string, unknown>)[key] = r;
      return null;
    };
    let err: string | null = null;
    switch (flag) {
      case '-h':
      case '--help':
        return { ok: true, help: true, options: o };
      case '--host': {
        const v = next();
        if (!v || v.startsWith('--')) err = '--host needs a value';
        else o.host = v;
        break;
      }
      case '--udp-port':
        err = take('udpPort', 0, 65535);
        break;
      case '--db': {
        const v = next();
        if (!v || v.startsWith('--')) err = '--db needs a path';
        else o.dbPath = v;
        break;
      }
      case '--log-file': {
        const v = next();
        if (!v || v.startsWith('--')) err = '--log-file needs a path or "none"';
        else o.logFile = v === 'none' ? null : v;
        break;
      }
      case '--quiet':
        o.stdoutLog = false;
        break;
      case '--soft-close':
        err = take('softCloseS', 0, 86_400);
        break;
      case '--commission':
        err = take('commission', 0, 0.99, false);
        break;
      case '--inform-timeout':
        err = take('informTimeoutS', 1, 86_400, false);
        break;
      case '--negotiate-repeat':
        err = take('negotiateRepeatMs', 50, 60_000);
        break;
      case '--memory':
        o.storage = 'memory';
        break;
      default:
        err = `unknown option "${flag}"`;
    }
    if (err) return { ok: false, error: err };
  }
  return { ok: true, help: false, options: o };
}
