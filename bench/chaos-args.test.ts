import { describe, expect, it } from '@jest/globals';
import { parseCommandLine } from '../shared/cli/index.js';
import { CHAOS_CLI, killsOf, type ChaosConfig } from './chaos-args.js';

const parse = (argv: string[]) => parseCommandLine(CHAOS_CLI, argv);
const options = (argv: string[]): ChaosConfig => {
  const r = parse(argv);
  if (r.kind !== 'run') throw new Error(JSON.stringify(r));
  return r.options;
};

describe('chaos flags', () => {
  it('kills: 24 on one server, 16 on a house (its restarts take longer), or as told', () => {
    expect(killsOf(options([]))).toBe(24);
    expect(killsOf(options(['--cluster']))).toBe(16);
    expect(killsOf(options(['--cluster', '--kills', '5']))).toBe(5);
    expect(options(['--cluster', '--servers', '2', '--closures', '0'])).toMatchObject({ servers: 2, closures: 0 });
  });

  it('snapshots: every 16 KB on one server by default; on a house only when --snapshot-kb is given', () => {
    expect(options([]).snapshotKb).toBe(0); // chaos.ts reads 0 as its default, 16
    expect(options(['--cluster']).snapshotKb).toBe(0);
    expect(options(['--cluster', '--snapshot-kb', '4']).snapshotKb).toBe(4);
  });

  it.each([
    [['--servers', '2'], '--servers and --closures go with --cluster'],
    [['--closures', '3'], '--servers and --closures go with --cluster'],
    [['--cluster', '--servers', '1'], '--servers must be a whole number from 2 to 8 (got "1")'],
  ])('%j → %s', (argv, message) => {
    expect(parse(argv)).toEqual({ kind: 'error', message });
  });
});
