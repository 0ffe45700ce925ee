// The CLI layer on a small table of its own: both value forms, switches, the refusals every entry
// point shares, and --help generated from the rows.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { helpHint, helpText, option, parseCommandLine, toggle, type CommandSpec } from './command-line.js';
import { packageInfo } from './package-info.js';
import * as validate from './validators.js';

interface Sample {
  port: number;
  name: string | null;
  loud: boolean;
  ratio: number;
}

const SAMPLE: CommandSpec<Sample> = {
  program: 'sample',
  usage: ['sample [options]', 'npm run sample -- [options]'],
  summary: 'A sample command.',
  defaults: () => ({ port: 5000, name: null, loud: false, ratio: 0.5 }),
  flags: [
    option({
      name: 'port',
      arg: 'PORT',
      help: 'a port',
      default: 5000,
      parse: validate.bindPort,
      apply: (o, v) => (o.port = v),
    }),
    option({ name: 'name', arg: 'NAME', help: 'a name', parse: validate.accountName, apply: (o, v) => (o.name = v) }),
    toggle({ name: 'loud', help: 'be loud', apply: (o) => (o.loud = true) }),
    option({
      name: 'ratio',
      arg: 'F',
      help: 'a ratio',
      parse: validate.number({ min: -1, max: 1 }),
      apply: (o, v) => (o.ratio = v),
    }),
  ],
  check: (o, given) => (o.loud && !given.has('name') ? '--loud goes with --name' : null),
};

const parse = (argv: string[]) => parseCommandLine(SAMPLE, argv);

describe('parseCommandLine', () => {
  it.each([
    [[], { port: 5000, name: null, loud: false, ratio: 0.5 }],
    [['--port', '0'], { port: 0 }],
    [['--port=5100'], { port: 5100 }],
    [['--name', 'alice', '--loud'], { name: 'alice', loud: true }],
    [['--name=al-ice'], { name: 'al-ice' }],
    [['--ratio', '-0.25'], { ratio: -0.25 }],
    [['--ratio=-1'], { ratio: -1 }],
  ])('%j → %j', (argv, options) => {
    expect(parse(argv)).toEqual({ kind: 'run', options: expect.objectContaining(options) });
  });

  it.each([
    [['--help'], 'help'],
    [['-h'], 'help'],
    [['--version'], 'version'],
    [['--port', 'x', '--help'], 'help'],
    [['--bogus', '--version'], 'version'],
  ])('%j → %s', (argv, kind) => {
    expect(parse(argv)).toEqual({ kind });
  });

  it.each([
    [['--port', 'x'], '--port must be a port number from 0 to 65535 (got "x")'],
    [['--port=65536'], '--port must be a port number from 0 to 65535 (got "65536")'],
    [['--port'], '--port needs a value (PORT)'],
    [['--port='], '--port needs a value (PORT)'],
    [['--name', '--loud'], '--name needs a value (NAME)'],
    [['--name', 'a b'], '--name must be 1 to 32 letters, digits, "_", "." or "-" (got "a b")'],
    [['--name', '-'], '--name must not be "-" (it means "nobody") (got "-")'],
    [['--ratio', '1e0'], '--ratio must be a number from -1 to 1 (got "1e0")'],
    [['--bogus'], 'unknown option --bogus'],
    [['--bogus=1'], 'unknown option --bogus'],
    [['-x'], 'unknown option -x'],
    [['alice'], 'unexpected argument "alice" (options start with --)'],
    [['--', '--port'], 'unexpected argument "--port" (options start with --)'],
    [['--port', '1', '--port=2'], '--port given twice'],
    [['--loud=yes'], '--loud takes no value'],
    [['--loud', '--loud'], '--loud given twice'],
    [['--loud'], '--loud goes with --name'],
  ])('%j → %s', (argv, message) => {
    expect(parse(argv)).toEqual({ kind: 'error', message });
  });
});

describe('helpText', () => {
  const help = helpText(SAMPLE, ['See docs.']);

  it('lists every row with its placeholder and default, then --help and --version', () => {
    expect(help).toMatch(/^Usage: sample \[options\]\n {7}npm run sample -- \[options\]\n/);
    expect(help).toMatch(/\n {2}--port PORT +a port \(default 5000\)\n/);
    expect(help).toMatch(/\n {2}--loud +be loud\n/);
    expect(help).toMatch(/\n {2}-h, --help +show this help\n {2}--version +print the version\n/);
    expect(help.endsWith('\nSee docs.\n')).toBe(true);
    for (const f of SAMPLE.flags) expect(help).toContain(`--${f.name}`);
  });

  it('wraps long help under its column and stays within 100 columns', () => {
    const long: CommandSpec<Sample> = {
      ...SAMPLE,
      flags: [toggle({ name: 'loud', help: 'word '.repeat(60).trim(), apply: () => {} })],
    };
    const lines = helpText(long).split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    const at = lines.findIndex((l) => l.startsWith('  --loud'));
    expect(lines[at + 1]).toMatch(/^ {10,}word/);
  });

  it('hints at --help after an error', () => {
    expect(helpHint(SAMPLE)).toBe('Try "sample --help" for the options.');
    expect(helpHint({ ...SAMPLE, usage: ['npm run bench -- [options]'] })).toBe(
      'Try "npm run bench -- --help" for the options.',
    );
  });
});

describe('validators', () => {
  it('fileInExistingDir refuses a missing directory plainly, and a directory as the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-test-'));
    try {
      expect(validate.fileInExistingDir(path.join(dir, 'db.json'))).toEqual({
        ok: true,
        value: path.join(dir, 'db.json'),
      });
      const missing = path.join(dir, 'nope');
      expect(validate.fileInExistingDir(path.join(missing, 'db.json'))).toEqual({
        ok: false,
        reason: `must be in an existing directory: ${missing} does not exist (create it first)`,
      });
      expect(validate.fileInExistingDir(dir)).toEqual({ ok: false, reason: 'must be a file, not a directory' });
      writeFileSync(path.join(dir, 'file'), '');
      expect(validate.fileInExistingDir(path.join(dir, 'file', 'db.json'))).toMatchObject({
        ok: false,
        reason: expect.stringContaining('is not one'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['::1', true],
    ['auction.example.org', true],
    ['bad host', false],
    ['-x', false],
    ['', false],
  ])('host %j → %s', (text, ok) => {
    expect(validate.host(text).ok).toBe(ok);
  });

  it('oneOf and listOf name what they accept', () => {
    expect(validate.oneOf('cent', 'ebay')('x')).toEqual({ ok: false, reason: 'must be cent or ebay' });
    expect(validate.oneOf('a', 'b', 'c')('x')).toEqual({ ok: false, reason: 'must be one of a, b, c' });
    expect(validate.oneOf('cent', 'ebay')('ebay')).toEqual({ ok: true, value: 'ebay' });
    const list = validate.listOf(validate.number({ min: 0, max: 9, integer: true }), 'digits');
    expect(list('1, 2,3')).toEqual({ ok: true, value: [1, 2, 3] });
    expect(list('1,x')).toEqual({ ok: false, reason: 'must be a comma-separated list of digits' });
  });

  it("reads the package's own version", () => {
    expect(packageInfo().version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
