import { describe, expect, it } from '@jest/globals';
import { parseBenchArgs } from './args.js';

describe('bench flags', () => {
  it('defaults, and --duration following --quick', () => {
    expect(parseBenchArgs([])).toMatchObject({
      kind: 'run',
      options: { durationS: 20, kill: 'yes', bidders: 200, memoryPairs: 3 },
    });
    expect(parseBenchArgs(['--quick'])).toMatchObject({ kind: 'run', options: { durationS: 3, quick: true } });
    expect(parseBenchArgs(['--quick', '--duration=1.5'])).toMatchObject({ kind: 'run', options: { durationS: 1.5 } });
  });

  it.each([
    [['--bidders', '12', '--items=3'], { bidders: 12, items: 3 }],
    [['--history', '0,500'], { history: [0, 500] }],
    [['--kill'], { kill: 'only' }],
    [['--no-kill', '--no-ideal'], { kill: 'no', ideal: false }],
    [['--kill-at', '0.5', '--retry-ms=200'], { killAtS: 0.5, retryMs: 200 }],
    [['--out', '/tmp/r.json', '--runs', '3'], { out: '/tmp/r.json', runs: 3 }],
    [['--history', '0', '--open-floor', '10000'], { history: [0], openFloor: 10_000 }],
    [['--memory-pairs', '0'], { memoryPairs: 0 }],
  ])('%j → %j', (argv, options) => {
    expect(parseBenchArgs(argv)).toMatchObject({ kind: 'run', options });
  });

  it.each([
    [['--bidders', '0'], '--bidders must be a whole number from 1 to 1000000 (got "0")'],
    [['--history', '0,x'], '--history must be a comma-separated list of whole numbers (got "0,x")'],
    [['--kill', '--no-kill'], '--kill and --no-kill contradict each other'],
    [['--open-floor', '10'], '--open-floor needs --history 0 (both would write the db)'],
    [['--duration'], '--duration needs a value (S)'],
    [['--storm'], 'unknown option --storm'],
    [['quick'], 'unexpected argument "quick" (options start with --)'],
  ])('%j → %s', (argv, message) => {
    expect(parseBenchArgs(argv)).toEqual({ kind: 'error', message });
  });

  it('--version and --help', () => {
    expect(parseBenchArgs(['--version'])).toEqual({ kind: 'version' });
    expect(parseBenchArgs(['--help'])).toEqual({ kind: 'help' });
  });
});
