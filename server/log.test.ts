// The log an attacker cannot fill (issue 13 part 3): levels, summarised noise, rotation, redaction.
import { jest } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Logger, NOISE_LINES, NOISE_WINDOW_MS, SOURCE_LINES, safeText, type LoggerOptions } from './log.js';

let dir: string;
let file: string;
let clock: number;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hostile-log-'));
  file = path.join(dir, 'db.log');
  clock = Date.UTC(2026, 0, 1);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (o: Partial<LoggerOptions> = {}): Logger => new Logger({ file, stdout: false, now: () => clock, ...o });
const text = (f = file): string => readFileSync(f, 'utf8');

test('levels: each event kind has one; lines below the chosen level are not written', async () => {
  const warn = open({ level: 'warn' });
  warn.error('udp', 'send failed');
  warn.warn('1.2.3.4:5', 'RQ# must be 1-10 digits');
  warn.event('recv', '1.2.3.4:5', 'BID 1 lamp 5.00');
  warn.info('listening');
  warn.debug('-', 'detail');
  await warn.close();
  expect(text().split('\n').filter(Boolean)).toEqual([
    expect.stringMatching(/ error udp +send failed$/),
    expect.stringMatching(/ warn {2}1\.2\.3\.4:5 +RQ# must be 1-10 digits$/),
  ]);
  rmSync(file);
  const info = open(); // the default: every request and reply, not the pushes
  info.event('recv', 'a', 'BID 1 lamp 5.00');
  info.event('reply', 'a', 'BID_ACCEPTED 1');
  info.event('push', 'fan-out×13', 'BID_UPDATE 9 lamp 5.00 bea 60');
  await info.close();
  expect(text()).toMatch(/^\S+ recv .*\n\S+ reply .*\n$/);
  rmSync(file);
  const debug = open({ level: 'debug' });
  debug.event('recv', 'a', 'BID 1 lamp 5.00');
  debug.event('push', 'fan-out×13', 'BID_UPDATE 9 lamp 5.00 bea 60');
  debug.debug('a', 'detail');
  await debug.close();
  expect(text()).toMatch(/recv .*\n.*push .*\n.*debug a +detail\n$/);
});

test('nowhere to write (--quiet, no log file): warnings and errors still reach stderr, nothing else', async () => {
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    const quiet = open({ file: null });
    quiet.info('listening');
    quiet.event('recv', '1.2.3.4:5', 'BID 1 lamp 5.00');
    quiet.warn('house', 'house stream: JetStream does not acknowledge');
    quiet.error('udp', 'send failed');
    await quiet.close();
  } finally {
    spy.mockRestore();
  }
  const lines = written.join('').split('\n').filter(Boolean);
  expect(lines).toEqual([
    expect.stringMatching(/ warn {2}house +house stream: JetStream does not acknowledge$/),
    expect.stringMatching(/ error udp +send failed$/),
  ]);
});

test('after close nothing is written anywhere: a late line is counted, not sent to stderr', async () => {
  // A secret check finishing after its server stopped logged its reply; with the file closed the line
  // fell through to stderr (46 lines in one run of the suite).
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  const log = open();
  log.event('reply', '1.2.3.4:5', 'LOGIN-DENIED 1 Unknown name or wrong secret');
  await log.close();
  try {
    log.event('reply', '1.2.3.4:5', 'LOGIN-DENIED 2 Unknown name or wrong secret');
    log.error('udp', 'send failed');
    log.noise('unverified reply', 'reply', '1.2.3.4:5', 'LOGIN-DENIED 3 Unknown name or wrong secret');
    await log.close(); // drains what is buffered (the old code wrote it to stderr)
  } finally {
    spy.mockRestore();
  }
  expect(written).toEqual([]);
  expect(text().split('\n').filter(Boolean)).toEqual([expect.stringMatching(/ LOGIN-DENIED 1 /)]);
  expect(log.suppressed).toBeGreaterThanOrEqual(3);
});

test.each([
  ['a stray TCP line', 'CANCEL 7 my card is 4111111111111111', '4111111111111111'],
  ['a grouped card number', 'INFORM_Res 9 bea 4242 4242 4242 4242 01/30 Main St', '4242 4242 4242 4242'],
  ['a dashed Amex', 'reason: card 3782-822463-10005 declined', '3782-822463-10005'],
  ['a 19-digit card', 'x 6011000990139424006 y', '6011000990139424006'],
])('%s: no card-like digit run reaches the file, only its last four digits', async (_what, line, card) => {
  const log = open({ level: 'debug' });
  log.event('tcp<', 'buyer:bea', line);
  log.error('-', line);
  log.noise('tcp junk', 'tcp<', 'buyer:bea', line);
  await log.close();
  const t = text();
  expect(t).not.toContain(card);
  expect(t).not.toContain(card.replace(/\D/g, ''));
  expect(t.match(new RegExp(`\\*\\*\\*\\*${card.replace(/\D/g, '').slice(-4)}`, 'g'))).toHaveLength(3);
});

test('ordinary numbers are left alone (prices, RQ#s, ports, times)', async () => {
  const log = open({ level: 'debug' });
  log.event('recv', '127.0.0.1:40000', 'BID 4294967295 lamp 1000000000.00');
  log.event('push', 'fan-out×13', 'BID_UPDATE 123 lamp 12.50 bea 119');
  await log.close();
  expect(text()).toContain('BID 4294967295 lamp 1000000000.00');
  expect(text()).toContain('BID_UPDATE 123 lamp 12.50 bea 119');
});

test('noise: per category, the first lines of a window in full, then one summary line', async () => {
  const log = open();
  for (let i = 0; i < 4_532; i++) log.noise('unverified BID', 'recv', `10.0.0.1:${1000 + (i % 50)}`, `BID ${i} x 1`);
  for (let i = 0; i < 3; i++) log.noise('unverified CATALOG', 'recv', '10.0.0.2:9', `CATALOG ${i}`);
  clock += NOISE_WINDOW_MS;
  log.noise('unverified BID', 'recv', '10.0.0.1:1', 'BID 99999 x 1'); // opens the next window
  await log.close();
  const lines = text().split('\n').filter(Boolean);
  expect(lines.filter((l) => / recv .* BID /.test(l))).toHaveLength(NOISE_LINES + 1);
  expect(lines.filter((l) => / recv .* CATALOG /.test(l))).toHaveLength(3);
  expect(lines.filter((l) => l.includes('more like this'))).toEqual([
    expect.stringMatching(/ warn {2}- +… 4,512 more like this in the last 10 s \(unverified BID\)$/),
  ]);
  expect(log.suppressed).toBe(4_512);
});

test('noise still summarised when it stops (the window ends on a timer, or at close)', async () => {
  const log = open();
  for (let i = 0; i < NOISE_LINES + 7; i++) log.noise('garbage', 'warn', 'x', `junk ${i}`);
  clock += 3_000;
  await log.close();
  expect(text()).toMatch(/… 7 more like this in the last 3 s \(garbage\)\n$/);
});

test('size-based rotation keeps the newest files and drops the oldest', async () => {
  // The batch's flush timer is run by jest's fake timers after every 50 lines: one write (and at most one
  // rotation) per batch, as when the lines come in bursts — without waiting on the wall clock for it.
  jest.useFakeTimers();
  try {
    const log = open({ maxBytes: 10_000, keep: 2 });
    for (let i = 0; i < 600; i++) {
      log.info(`line ${i} ${'x'.repeat(80)}`);
      if (i % 50 === 49) jest.runOnlyPendingTimers(); // the batch's flush
    }
    await log.close(); // drains what is left
  } finally {
    jest.useRealTimers();
  }
  const files = readdirSync(dir).sort();
  expect(files).toEqual(['db.log', 'db.log.1', 'db.log.2']);
  for (const f of files) expect(readFileSync(path.join(dir, f)).length).toBeLessThan(10_000 + 60 * 110);
  // newest first: db.log, then .1, then .2 (whose lines are all older); the very first lines were dropped
  const first = (f: string): number => Number(/line (\d+) /.exec(text(path.join(dir, f)))?.[1] ?? Infinity);
  expect(first('db.log.2')).toBeLessThan(first('db.log.1'));
  expect(first('db.log.1')).toBeLessThan(first('db.log'));
  expect(first('db.log.2')).toBeGreaterThan(0);
  expect(`${text(path.join(dir, 'db.log.1'))}${text()}`).toContain('line 599 ');
});

test('issue 20.12: one source cannot flood the log; its lines beyond the budget are summarised, others not', async () => {
  const log = open();
  const n = SOURCE_LINES + 4_321;
  for (let i = 0; i < n; i++) log.event('recv', `10.0.0.7:${4000 + (i % 3)}`, `BID ${i} lamp 5.00`); // any port
  for (let i = 0; i < 10; i++) log.event('recv', '10.0.0.8:4000', `BID ${i} vase 5.00`);
  log.info('not from a source'); // "-", "buyer:bea", fan-out labels: no budget
  clock += NOISE_WINDOW_MS;
  log.event('recv', '10.0.0.7:4000', 'BID 99999 lamp 6.00'); // a new window: written again
  await log.close();
  const lines = text().split('\n').filter(Boolean);
  expect(lines.filter((l) => / recv +10\.0\.0\.7:/.test(l))).toHaveLength(SOURCE_LINES + 1);
  expect(lines.filter((l) => / recv +10\.0\.0\.8:/.test(l))).toHaveLength(10);
  expect(lines.filter((l) => l.includes('more like this'))).toEqual([
    expect.stringMatching(/ warn {2}- +… 4,321 more like this in the last 10 s \(from 10\.0\.0\.7\)$/),
  ]);
  expect(text()).toContain('BID 99999 lamp 6.00');
  expect(text()).toContain('not from a source');
});

test('issue 20.12: line separators, bidi controls and zero-width characters are escaped in a line', async () => {
  const log = open();
  log.warn('10.0.0.9:1', 'junk "a\u2028 2026-01-01T00:00:00.000Z info  - forged" \u202egpj.exe x\u200by\ufeff');
  await log.close();
  const t = text();
  expect(t.split('\n').filter(Boolean)).toHaveLength(1);
  expect(t).toContain('junk "a\\u2028 2026-01-01T00:00:00.000Z info  - forged" \\u202egpj.exe x\\u200by\\ufeff');
  expect(t).not.toMatch(/[\u2028\u202e\u200b\ufeff]/);
});

test('issue 20.12: a MAX_BID line keeps its maximum out of the log; a LOGIN its secret', () => {
  const max = safeText({ type: 'MAX_BID', rq: '7', item: 'lamp', maxAmount: 15_000 });
  expect(max).toBe('MAX_BID 7 lamp ****');
  expect(max).not.toContain('150');
  const login = safeText({
    type: 'LOGIN',
    rq: '8',
    name: 'dave',
    secret: 'BuyerSecret_0123456789',
    ip: '127.0.0.1',
    udpPort: 4000,
    tcpPort: 4001,
  });
  expect(login).toMatch(/^LOGIN 8 dave \*+ 127\.0\.0\.1 4000 4001$/);
  expect(login).not.toContain('BuyerSecret');
  expect(safeText({ type: 'BID', rq: '9', item: 'lamp', amount: 1_500 })).toBe('BID 9 lamp 15.00');
});
