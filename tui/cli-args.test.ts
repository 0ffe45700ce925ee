import { describe, expect, it } from '@jest/globals';
import { parseArgs, parseServer } from './cli-args.js';

describe('parseArgs', () => {
  it('defaults to 127.0.0.1:5000 with no account chosen', () => {
    expect(parseArgs([])).toEqual({
      kind: 'run',
      options: { server: { host: '127.0.0.1', port: 5000 }, user: null, role: null, spectate: false, profile: null },
    });
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const r = parseArgs([
      '--server',
      'auction.local:6000',
      '--user=Alice',
      '--role',
      'SELLER',
      '--profile',
      '/tmp/p.json',
    ]);
    expect(r).toEqual({
      kind: 'run',
      options: {
        server: { host: 'auction.local', port: 6000 },
        user: 'Alice',
        role: 'seller',
        spectate: false,
        profile: '/tmp/p.json',
      },
    });
    expect(parseArgs(['--spectate'])).toMatchObject({ kind: 'run', options: { spectate: true } });
    expect(parseArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['alice'], 'unexpected argument "alice" (options start with --)'],
    [['--server'], '--server needs a value'],
    [['--server', 'localhost'], '--server must be HOST:PORT (e.g. 127.0.0.1:5000), got "localhost"'],
    [['--server', 'localhost:99999'], '--server port must be a port number from 1 to 65535, got "99999"'],
    [['--user', 'a b'], '--user must be 1 to 32 letters, digits, "_", "." or "-", got "a b"'],
    [['--user', 'al', '--role', 'admin'], '--role must be buyer or seller, got "admin"'],
    [['--role', 'buyer'], '--role goes with --user NAME'],
    [['--spectate', '--user', 'al'], '--spectate watches without an account: leave out --user and --role'],
    [['--spectate=yes'], '--spectate takes no value'],
    [['--user', 'a', '--user', 'b'], '--user given twice'],
    [['--user', '--spectate'], '--user needs a value'],
  ])('%j → %s', (argv, message) => {
    expect(parseArgs(argv)).toEqual({ kind: 'error', message });
  });

  it('parses IPv6 and bare ports', () => {
    expect(parseServer('[::1]:5000')).toEqual({ host: '::1', port: 5000 });
    expect(parseServer('5001')).toEqual({ host: '127.0.0.1', port: 5001 });
  });
});
