import { describe, expect, it } from '@jest/globals';
import { helpText } from '../shared/cli/index.js';
import { parseArgs, parseServer, parseServers, TUI_CLI } from './cli-args.js';

describe('parseArgs', () => {
  it('defaults to 127.0.0.1:5000 with no account chosen', () => {
    expect(parseArgs([])).toEqual({
      kind: 'run',
      options: {
        servers: [{ host: '127.0.0.1', port: 5000 }],
        user: null,
        role: null,
        spectate: false,
        profile: null,
        confirmRatio: 3,
        confirmAboveCents: 100_000,
        confirm: true,
        bell: true,
      },
    });
  });

  it('reads the confirmation thresholds and the alert switches', () => {
    expect(parseArgs(['--confirm-ratio', '5', '--confirm-above=250.50', '--no-bell'])).toMatchObject({
      kind: 'run',
      options: { confirmRatio: 5, confirmAboveCents: 25_050, confirm: true, bell: false },
    });
    expect(parseArgs(['--no-confirm'])).toMatchObject({ kind: 'run', options: { confirm: false } });
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
      '--inform-timeout=60',
    ]);
    expect(r).toEqual({
      kind: 'run',
      options: {
        servers: [{ host: 'auction.local', port: 6000 }],
        user: 'Alice',
        role: 'seller',
        spectate: false,
        profile: '/tmp/p.json',
        informTimeoutS: 60,
        confirmRatio: 3,
        confirmAboveCents: 100_000,
        confirm: true,
        bell: true,
      },
    });
    expect(parseArgs(['--spectate'])).toMatchObject({ kind: 'run', options: { spectate: true } });
    expect(parseArgs(['--server=[::1]:5100'])).toMatchObject({ kind: 'run', options: { servers: [{ host: '::1' }] } });
    expect(parseArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseArgs(['--version'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['alice'], 'unexpected argument "alice" (options start with --)'],
    [['--server'], '--server needs a value (HOST:PORT[,HOST:PORT…])'],
    [['--server', 'localhost'], '--server must be HOST:PORT (e.g. 127.0.0.1:5000) (got "localhost")'],
    [['--server', 'localhost:99999'], '--server port must be a port number from 1 to 65535 (got "localhost:99999")'],
    [['--server=bad host:5000'], '--server host must be a host name or an IP address (got "bad host:5000")'],
    [
      ['--server', '127.0.0.1:7000,,127.0.0.1:7001'],
      '--server entry 2 is empty: separate the servers with single commas (got "127.0.0.1:7000,,127.0.0.1:7001")',
    ],
    [
      ['--server', '127.0.0.1:7000,'],
      '--server entry 2 is empty: separate the servers with single commas (got "127.0.0.1:7000,")',
    ],
    [
      ['--server', '127.0.0.1:7000,127.0.0.1:70000'],
      '--server entry 2 "127.0.0.1:70000": port must be a port number from 1 to 65535 (got "127.0.0.1:7000,127.0.0.1:70000")',
    ],
    [
      ['--server', 'a.example:7000,b.example'],
      '--server entry 2 "b.example": must be HOST:PORT (e.g. 127.0.0.1:5000) (got "a.example:7000,b.example")',
    ],
    [
      ['--server', '127.0.0.1:7000,127.0.0.1:7001,7000'],
      '--server lists 127.0.0.1:7000 twice (entries 1 and 3) (got "127.0.0.1:7000,127.0.0.1:7001,7000")',
    ],
    [
      ['--server', 'Auction.local:7000,auction.LOCAL:7000'],
      '--server lists auction.LOCAL:7000 twice (entries 1 and 2) (got "Auction.local:7000,auction.LOCAL:7000")',
    ],
    [['--user', 'a b'], '--user must be 1 to 32 letters, digits, "_", "." or "-" (got "a b")'],
    [['--user', 'al', '--role', 'admin'], '--role must be buyer or seller (got "admin")'],
    [['--role', 'buyer'], '--role goes with --user NAME'],
    [['--spectate', '--user', 'al'], '--spectate watches without an account: leave out --user and --role'],
    [['--spectate=yes'], '--spectate takes no value'],
    [['--user', 'a', '--user', 'b'], '--user given twice'],
    [['--user', '--spectate'], '--user needs a value (NAME)'],
    [['--inform-timeout', 'soon'], '--inform-timeout must be seconds from 1 to 86400 (got "soon")'],
    [['--confirm-above', '1,000'], expect.stringMatching(/^--confirm-above must not contain a comma/)],
    [['--confirm-above', '$50'], expect.stringMatching(/^--confirm-above must not include a currency sign/)],
    [['--confirm-ratio', '1'], expect.stringMatching(/^--confirm-ratio must be/)],
    [
      ['--no-confirm', '--confirm-ratio', '4'],
      '--no-confirm never asks: leave out --confirm-ratio and --confirm-above',
    ],
  ])('%j → %s', (argv, message) => {
    expect(parseArgs(argv)).toEqual({ kind: 'error', message });
  });

  it('reads a list of servers in order, IPv6 and bare ports included, spaces around commas allowed', () => {
    expect(parseArgs(['--server', '127.0.0.1:7000,127.0.0.1:7001'])).toMatchObject({
      kind: 'run',
      options: {
        servers: [
          { host: '127.0.0.1', port: 7000 },
          { host: '127.0.0.1', port: 7001 },
        ],
      },
    });
    expect(parseServers('[::1]:7000, 7001 ,b.example:7002')).toEqual({
      ok: true,
      value: [
        { host: '::1', port: 7000 },
        { host: '127.0.0.1', port: 7001 },
        { host: 'b.example', port: 7002 },
      ],
    });
    // [::1]:7000 and ::1 on 7000 spelled alike: the same server
    expect(parseServers('[::1]:7000,[::1]:7000')).toEqual({
      ok: false,
      reason: 'lists [::1]:7000 twice (entries 1 and 2)',
    });
  });

  it('parses IPv6 and bare ports', () => {
    expect(parseServer('[::1]:5000')).toEqual({ ok: true, value: { host: '::1', port: 5000 } });
    expect(parseServer('5001')).toEqual({ ok: true, value: { host: '127.0.0.1', port: 5001 } });
  });

  it('--help lists every flag of the table', () => {
    const help = helpText(TUI_CLI);
    expect(help).toMatch(/^Usage: auction \[options\]/);
    for (const f of TUI_CLI.flags) expect(help).toContain(`--${f.name}`);
  });
});
