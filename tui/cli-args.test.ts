import { describe, expect, it } from '@jest/globals';
import { helpText } from '../shared/cli/index.js';
import { parseArgs, parseServer, TUI_CLI } from './cli-args.js';

describe('parseArgs', () => {
  it('defaults to 127.0.0.1:5000 with no account chosen', () => {
    expect(parseArgs([])).toEqual({
      kind: 'run',
      options: {
        server: { host: '127.0.0.1', port: 5000 },
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
        server: { host: 'auction.local', port: 6000 },
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
    expect(parseArgs(['--server=[::1]:5100'])).toMatchObject({ kind: 'run', options: { server: { host: '::1' } } });
    expect(parseArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseArgs(['--version'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['alice'], 'unexpected argument "alice" (options start with --)'],
    [['--server'], '--server needs a value (HOST:PORT)'],
    [['--server', 'localhost'], '--server must be HOST:PORT (e.g. 127.0.0.1:5000) (got "localhost")'],
    [['--server', 'localhost:99999'], '--server port must be a port number from 1 to 65535 (got "localhost:99999")'],
    [['--server=bad host:5000'], '--server host must be a host name or an IP address (got "bad host:5000")'],
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
