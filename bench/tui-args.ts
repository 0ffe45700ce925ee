// `npm run bench:tui`'s command line: one row per flag (shared/cli). Pure.
import { option, parseCommandLine, validate, type CommandLine, type CommandSpec } from '../shared/cli/index.js';

export interface BenchTuiOptions {
  runs: number;
  presses: number;
  auctions: number;
  rate: number;
  columns: number;
  rows: number;
}

const whole = (min: number, max: number) => validate.number({ min, max, integer: true });

export const BENCH_TUI_CLI: CommandSpec<BenchTuiOptions> = {
  program: 'bench:tui',
  usage: ['npm run bench:tui -- [options]'],
  summary:
    'Keypress-to-frame latency of the TUI under load: open auctions receiving a stream of BID_UPDATEs, ' +
    "rendered by the real App into a fake terminal. NODE_ENV=development measures React's development build.",
  defaults: () => ({ runs: 5, presses: 40, auctions: 100, rate: 50, columns: 120, rows: 40 }),
  flags: [
    option({ name: 'runs', arg: 'N', help: 'runs', default: 5, parse: whole(1, 100), apply: (o, v) => (o.runs = v) }),
    option({
      name: 'presses',
      arg: 'N',
      help: 'key presses per run',
      default: 40,
      parse: whole(1, 10_000),
      apply: (o, v) => (o.presses = v),
    }),
    option({
      name: 'auctions',
      arg: 'N',
      help: 'open auctions',
      default: 100,
      parse: whole(1, 100_000),
      apply: (o, v) => (o.auctions = v),
    }),
    option({
      name: 'rate',
      arg: 'PER_S',
      help: 'BID_UPDATEs a second',
      default: 50,
      parse: validate.number({ min: 0.1, max: 100_000 }),
      apply: (o, v) => (o.rate = v),
    }),
    option({
      name: 'columns',
      arg: 'N',
      help: 'terminal width',
      default: 120,
      parse: whole(20, 1000),
      apply: (o, v) => (o.columns = v),
    }),
    option({
      name: 'rows',
      arg: 'N',
      help: 'terminal height',
      default: 40,
      parse: whole(5, 1000),
      apply: (o, v) => (o.rows = v),
    }),
  ],
};

export const parseBenchTuiArgs = (argv: readonly string[]): CommandLine<BenchTuiOptions> =>
  parseCommandLine(BENCH_TUI_CLI, argv);
