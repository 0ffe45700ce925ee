import { describe, expect, it } from '@jest/globals';
import { helpText } from '../shared/cli/index.js';
import { DEMO_CLI, parseDemoArgs } from './args.js';

describe('demo flags', () => {
  it('parses the flags', () => {
    expect(parseDemoArgs([])).toEqual({
      kind: 'run',
      options: {
        seed: null,
        tui: true,
        speed: 1,
        dir: null,
        auctions: null,
        user: 'you',
        servers: null,
        cluster: false,
        killAfterS: null,
      },
    });
    expect(
      parseDemoArgs(['--seed', '42', '--no-tui', '--speed=2.5', '--dir', '/tmp/x', '--auctions', '9', '--user', 'me']),
    ).toEqual({
      kind: 'run',
      options: {
        seed: 42,
        tui: false,
        speed: 2.5,
        dir: '/tmp/x',
        auctions: 9,
        user: 'me',
        servers: null,
        cluster: false,
        killAfterS: null,
      },
    });
    expect(parseDemoArgs(['--server', '127.0.0.1:7000,127.0.0.1:7001'])).toMatchObject({
      kind: 'run',
      options: {
        servers: [
          { host: '127.0.0.1', port: 7000 },
          { host: '127.0.0.1', port: 7001 },
        ],
      },
    });
    expect(parseDemoArgs(['--cluster', '--kill-after', '20', '--no-tui'])).toMatchObject({
      kind: 'run',
      options: { cluster: true, killAfterS: 20, tui: false },
    });
    expect(parseDemoArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseDemoArgs(['--version'])).toEqual({ kind: 'version' });
    expect(helpText(DEMO_CLI)).toContain('--no-tui');
  });

  it.each([
    [['--seed'], '--seed needs a value (N)'],
    [['--seed', 'x'], '--seed must be a whole number from 0 to 4294967295 (got "x")'],
    [['--seed=4294967296'], '--seed must be a whole number from 0 to 4294967295 (got "4294967296")'],
    [['--speed', '0'], '--speed must be a number from 0.25 to 10 (got "0")'],
    [['--speed', '11'], '--speed must be a number from 0.25 to 10 (got "11")'],
    [['--auctions', '0'], '--auctions must be a whole number from 1 to 20 (got "0")'],
    [['--user', 'a b'], '--user must be 1 to 32 letters, digits, "_", "." or "-" (got "a b")'],
    [['--user', 'Maria_K'], '--user must not be one of the bots (got "Maria_K")'],
    [['--no-tui=1'], '--no-tui takes no value'],
    [['--bogus'], 'unknown option --bogus'],
    [['extra'], 'unexpected argument "extra" (options start with --)'],
    [['--seed', '1', '--seed', '2'], '--seed given twice'],
    [
      ['--server', '7000,,7001'],
      '--server entry 2 is empty: separate the servers with single commas (got "7000,,7001")',
    ],
    [['--cluster', '--server', '7000'], '--cluster starts its own house: it does not go with --server'],
    [['--kill-after', '5'], '--kill-after goes with --cluster'],
    [['--cluster', '--kill-after', '0'], '--kill-after must be seconds from 1 to 86400 (got "0")'],
    [['--server', '7000,7000'], '--server lists 127.0.0.1:7000 twice (entries 1 and 2) (got "7000,7000")'],
  ])('%j → %s', (argv, message) => {
    expect(parseDemoArgs(argv)).toEqual({ kind: 'error', message });
  });
});
