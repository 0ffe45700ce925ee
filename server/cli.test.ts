// The server's flag table: every row in both forms, the refusals, and --help from the table.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { helpText } from '../shared/cli/index.js';
import { parseServerArgs, SERVER_CLI } from './cli.js';

describe('parseServerArgs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'server-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const db = path.join(dir, 'db.json');

  it('no flags: every option left to the server defaults', () => {
    expect(parseServerArgs([])).toEqual({ kind: 'run', options: {} });
  });

  it.each([
    [['--host', '0.0.0.0'], { host: '0.0.0.0' }],
    [['--host=localhost'], { host: 'localhost' }],
    [['--udp-port', '0'], { udpPort: 0 }],
    [['--udp-port=5078'], { udpPort: 5078 }],
    [['--db', db], { dbPath: db }],
    [[`--db=${db}`], { dbPath: db }],
    [['--log-file', 'none'], { logFile: null }],
    [['--log-file', path.join(dir, 'x.log')], { logFile: path.join(dir, 'x.log') }],
    [['--quiet'], { stdoutLog: false }],
    [['--soft-close=30'], { softCloseS: 30 }],
    [['--commission', '0.05'], { commission: 0.05 }],
    [['--inform-timeout', '2.5'], { informTimeoutS: 2.5 }],
    [['--negotiate-repeat=100'], { negotiateRepeatMs: 100 }],
    [['--memory'], { storage: 'memory' }],
    [['--increments', 'ebay'], { increments: 'ebay' }],
    [['--increments=cent'], { increments: 'cent' }],
    [['--events'], { printEvents: true }],
    [['--log-level', 'warn'], { logLevel: 'warn' }],
    [['--log-level=debug'], { logLevel: 'debug' }],
    [['--log-max-mb', '0.5'], { logMaxMb: 0.5 }],
    [['--log-keep=0'], { logKeep: 0 }],
    [['--nats', 'nats://h1:4222,h2:4222'], { natsUrls: ['nats://h1:4222', 'nats://h2:4222'] }],
    [['--nats', 'a:1', '--snapshot-min-kb', '64'], { natsUrls: ['nats://a:1'], snapshotMinKb: 64 }],
    [['--nats=127.0.0.1:4222', '--house', 'north_1'], { natsUrls: ['nats://127.0.0.1:4222'], house: 'north_1' }],
  ])('%j → %j', (argv, options) => {
    expect(parseServerArgs(argv)).toEqual({ kind: 'run', options });
  });

  it.each([
    [['--udp-port', 'x'], '--udp-port must be a port number from 0 to 65535 (got "x")'],
    [['--udp-port=65536'], '--udp-port must be a port number from 0 to 65535 (got "65536")'],
    [['--udp-port', '-1'], '--udp-port must be a port number from 0 to 65535 (got "-1")'],
    [['--udp-port'], '--udp-port needs a value (PORT)'],
    [['--host', 'a b'], '--host must be a host name or an IP address (got "a b")'],
    [['--soft-close', '1.5'], '--soft-close must be whole seconds from 0 to 86400 (got "1.5")'],
    [['--commission', '1'], '--commission must be a number from 0 to 0.99 (got "1")'],
    [['--inform-timeout', '0'], '--inform-timeout must be seconds from 1 to 86400 (got "0")'],
    [['--negotiate-repeat', '10'], '--negotiate-repeat must be whole milliseconds from 50 to 60000 (got "10")'],
    [['--quiet=yes'], '--quiet takes no value'],
    [['--log-level', 'verbose'], '--log-level must be one of error, warn, info, debug (got "verbose")'],
    [['--log-max-mb', '-1'], '--log-max-mb must be megabytes from 0 to 1000000 (got "-1")'],
    [['--log-keep', '2.5'], '--log-keep must be a whole number from 0 to 1000 (got "2.5")'],
    [['--increments', 'euro'], '--increments must be cent or ebay (got "euro")'],
    [['--udp-port', '1', '--udp-port', '2'], '--udp-port given twice'],
    [['--port', '5000'], 'unknown option --port'],
    [['5000'], 'unexpected argument "5000" (options start with --)'],
    [['--db', dir], '--db must be a file, not a directory (got "' + dir + '")'],
    [['--nats', 'http://x:1'], '--nats must be NATS URLs, nats://HOST:PORT, comma-separated (got "http://x:1")'],
    [['--nats', 'a:1', '--db', db], '--db cannot be used with --nats: the house keeps its state in NATS JetStream'],
    [['--nats', 'a:1', '--memory'], '--memory cannot be used with --nats: the house keeps its state in NATS JetStream'],
    [['--house', 'x'], '--house needs --nats'],
    [['--nats', 'a:1', '--house', 'a.b'], '--house must be a house name of 1–32 letters, digits, - and _ (got "a.b")'],
  ])('%j → %s', (argv, message) => {
    expect(parseServerArgs(argv)).toEqual({ kind: 'error', message });
  });

  it('a --db in a missing directory is refused plainly, not created', () => {
    const missing = path.join(dir, 'no', 'such');
    expect(parseServerArgs(['--db', path.join(missing, 'db.json')])).toEqual({
      kind: 'error',
      message: `--db must be in an existing directory: ${missing} does not exist (create it first) (got "${path.join(missing, 'db.json')}")`,
    });
  });

  it('--help and --version win', () => {
    expect(parseServerArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseServerArgs(['--udp-port', 'x', '--version'])).toEqual({ kind: 'version' });
    const help = helpText(SERVER_CLI);
    expect(help).toMatch(/^Usage: auction-server \[options\]/);
    for (const f of SERVER_CLI.flags) expect(help).toContain(`--${f.name}`);
  });
});
