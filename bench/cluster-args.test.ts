import { describe, expect, it } from '@jest/globals';
import { parseClusterBenchArgs, ratioLine } from './cluster-args.js';

describe('bench:cluster flags', () => {
  it('defaults, and --quick meaning short storms and one run unless told', () => {
    expect(parseClusterBenchArgs([])).toMatchObject({
      kind: 'run',
      options: { durationS: 20, runs: 3, bidders: 200, items: 20, subs: 10, failover: true },
    });
    expect(parseClusterBenchArgs(['--quick'])).toMatchObject({ kind: 'run', options: { durationS: 3, runs: 1 } });
    expect(parseClusterBenchArgs(['--quick', '--runs', '3', '--duration=5'])).toMatchObject({
      kind: 'run',
      options: { durationS: 5, runs: 3 },
    });
    expect(parseClusterBenchArgs(['--no-failover', '--bidders=50'])).toMatchObject({
      kind: 'run',
      options: { failover: false, bidders: 50 },
    });
  });

  it.each([
    [['--runs', '0'], '--runs must be a whole number from 1 to 100 (got "0")'],
    [['--servers', '3'], 'unknown option --servers'],
    [['--duration'], '--duration needs a value (S)'],
  ])('%j → %s', (argv, message) => {
    expect(parseClusterBenchArgs(argv)).toEqual({ kind: 'error', message });
  });
});

describe('bench:cluster ratio line', () => {
  it('is the median of the runs’ own ratios, with both medians and every run in the parens', () => {
    const { ratio, line } = ratioLine([
      { embedded: 2000, cluster: 1200 },
      { embedded: 1000, cluster: 400 },
      { embedded: 1500, cluster: 900 },
    ]);
    expect(ratio).toBe(0.6);
    expect(line).toBe(
      'cluster/embedded accepted bids/s = 0.60 (cluster 900, embedded 1500; median of 3 run(s): 0.60, 0.40, 0.60)',
    );
  });

  it('gives 0 for a run whose embedded storm got nothing, not NaN', () => {
    expect(ratioLine([{ embedded: 0, cluster: 10 }]).ratio).toBe(0);
  });
});
