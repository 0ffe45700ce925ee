import { describe, expect, it } from '@jest/globals';
import { parseBenchTuiArgs } from './tui-args.js';

describe('bench:tui flags', () => {
  it.each([
    [[], { runs: 5, presses: 40, auctions: 100, rate: 50, columns: 120, rows: 40 }],
    [['--runs', '1', '--presses=5'], { runs: 1, presses: 5 }],
    [['--rate=12.5', '--columns', '80', '--rows', '24'], { rate: 12.5, columns: 80, rows: 24 }],
  ])('%j → %j', (argv, options) => {
    expect(parseBenchTuiArgs(argv)).toMatchObject({ kind: 'run', options });
  });

  it.each([
    [['--runs', '0'], '--runs must be a whole number from 1 to 100 (got "0")'],
    [['--rate', 'fast'], '--rate must be a number from 0.1 to 100000 (got "fast")'],
    [['--quick'], 'unknown option --quick'],
    [['5'], 'unexpected argument "5" (options start with --)'],
  ])('%j → %s', (argv, message) => {
    expect(parseBenchTuiArgs(argv)).toEqual({ kind: 'error', message });
  });

  it('--version and --help', () => {
    expect(parseBenchTuiArgs(['--version'])).toEqual({ kind: 'version' });
    expect(parseBenchTuiArgs(['-h'])).toEqual({ kind: 'help' });
  });
});
