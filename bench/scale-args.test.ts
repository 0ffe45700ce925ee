import { describe, expect, it } from '@jest/globals';
import { parseScaleArgs, SECTIONS } from './scale-args.js';

describe('bench:scale flags', () => {
  it('the targets of issue 14 by default; --quick shortens what was not given', () => {
    expect(parseScaleArgs([])).toEqual({
      kind: 'run',
      options: {
        auctions: 10_000,
        clients: 500,
        idleS: 30,
        history: [1_000_000, 10_000_000],
        runs: 3,
        sections: [...SECTIONS],
        quick: false,
        out: null,
        windowBids: 300_000,
        windowRate: 5_000,
        cacheRequests: 2_000_000,
        cacheMb: [16, 128],
      },
    });
    expect(parseScaleArgs(['--quick'])).toMatchObject({
      kind: 'run',
      options: { runs: 1, clients: 100, idleS: 10, history: [1_000_000], windowBids: 50_000, cacheRequests: 400_000 },
    });
    expect(parseScaleArgs(['--quick', '--clients', '500', '--history=10000000'])).toMatchObject({
      kind: 'run',
      options: { runs: 1, clients: 500, history: [10_000_000] },
    });
  });

  it.each([
    [['--sections', 'idle,history'], { sections: ['idle', 'history'] }],
    [['--auctions=3000', '--idle-s', '5'], { auctions: 3000, idleS: 5 }],
    [['--cache-mb', '16', '--cache-requests=1000'], { cacheMb: [16], cacheRequests: 1000 }],
  ])('%j → %j', (argv, options) => {
    expect(parseScaleArgs(argv)).toMatchObject({ kind: 'run', options });
  });

  it.each([
    [['--sections', 'idle,nap'], '--sections must be a comma-separated list of section names (got "idle,nap")'],
    [['--clients', '0'], '--clients must be a whole number from 1 to 5000 (got "0")'],
    [['--tui'], 'unknown option --tui'],
  ])('%j → %s', (argv, message) => {
    expect(parseScaleArgs(argv)).toEqual({ kind: 'error', message });
  });
});
