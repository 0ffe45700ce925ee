// Flags of `npm run demo -- …`. Pure: options, a precise error, or a request for help.
import { accountName } from '../../shared/protocol/index.js';

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
}

export const DEMO_USAGE = `Usage: npm run demo -- [options]

Starts an auction server with bot sellers and bidders, then opens the TUI as a buyer against them.

  --seed N        reproducible floor: same items, prices and bot personas for the same N
  --no-tui        run only the server and the bots; prints the address to connect your own TUI
  --speed X       pace multiplier, 0.25 to 10 (default 1): 2 = twice as fast, shorter auctions
  --auctions N    auctions kept on the floor, 1 to 20 (default 8 to 12)
  --user NAME     the buyer you play (default you)
  --dir PATH      keep the db, server.log, bots.log and the TUI profile in PATH (default: a temp dir, removed at exit)
  -h, --help      show this help

Quit the TUI with q or Ctrl-C; the demo then stops the bots and the server.
`;

export type DemoArgs = { kind: 'run'; options: DemoOptions } | { kind: 'help' } | { kind: 'error'; message: string };

export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  const o: DemoOptions = { seed: null, tui: true, speed: 1, dir: null, auctions: null, user: 'you' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | null => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) return null;
      i++;
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return { kind: 'help' };
      case '--no-tui':
        o.tui = false;
        break;
      case '--seed': {
        const v = value();
        if (v === null || !/^\d{1,10}$/.test(v) || Number(v) > 0xffffffff)
          return error(`--seed needs a whole number from 0 to 4294967295, got ${v === null ? 'nothing' : `"${v}"`}`);
        o.seed = Number(v);
        break;
      }
      case '--speed': {
        const v = value();
        const n = Number(v);
        if (v === null || v.trim() === '' || !Number.isFinite(n) || n < 0.25 || n > 10)
          return error(`--speed needs a number from 0.25 to 10, got ${v === null ? 'nothing' : `"${v}"`}`);
        o.speed = n;
        break;
      }
      case '--auctions': {
        const v = value();
        const n = Number(v);
        if (v === null || !/^\d+$/.test(v) || n < 1 || n > 20)
          return error(`--auctions needs a whole number from 1 to 20, got ${v === null ? 'nothing' : `"${v}"`}`);
        o.auctions = n;
        break;
      }
      case '--dir': {
        const v = value();
        if (!v) return error('--dir needs a path');
        o.dir = v;
        break;
      }
      case '--user': {
        const v = value();
        if (!v || !accountName(v).ok)
          return error(`--user needs a name of 1 to 32 letters, digits, _ . -, got ${v ? `"${v}"` : 'nothing'}`);
        o.user = v;
        break;
      }
      default:
        return error(arg.startsWith('-') ? `unknown option ${flag}` : `unexpected argument "${arg}"`);
    }
  }
  return { kind: 'run', options: o };
}

function error(message: string): DemoArgs {
  return { kind: 'error', message };
}
