// `auction-history` as a Unix tool (issue 19.8): piped into `head -1` it exits quietly (no EPIPE stack
// trace, status 0), and its rows come in close-time order whatever order the archive holds them in.
// The archive is a real one in the server's format (db.json.history/YYYY-MM.jsonl), written here with
// enough sales that the output outgrows a pipe's buffer; the command is the real one, in a real shell.
import { afterAll, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { archiveDir } from '../../server/store/archive.js';
import { ROOT, tempDir } from '../support/server.js';

const { dir, cleanup } = tempDir('history-pipe-');
afterAll(cleanup);
const db = path.join(dir, 'db.json');
const T0 = Date.UTC(2026, 10, 2, 12, 0);
const SALES = 3000;

/** A sold auction as the server archives it, closed at `closedAt`, archived `lateMin` minutes later. */
function record(s: number, closedAt: number, lateMin: number): string {
  const item = `lot${String(s).padStart(5, '0')}`;
  return JSON.stringify({
    s,
    at: closedAt + lateMin * 60_000,
    auction: { item, seller: 'sam', winner: 'bea', closedAt, priceCents: 1000, finalCents: 1500, bids: [{}, {}] },
    closure: { state: 'complete', finalCents: 1500 },
    transaction: { buyer: 'bea', chargedCents: 1500, commissionCents: 150 },
  });
}

mkdirSync(archiveDir(db), { recursive: true });
// Archive order is not close order: every third sale's checkout took an hour, and the archive is
// appended in the order sales were archived.
const sales = Array.from({ length: SALES }, (_, i) => ({
  s: i + 1,
  closedAt: T0 + i * 60_000,
  late: i % 3 === 0 ? 60 : 1,
}));
const lines = sales
  .sort((a, b) => a.closedAt + a.late * 60_000 - (b.closedAt + b.late * 60_000))
  .map((x) => record(x.s, x.closedAt, x.late));
writeFileSync(path.join(archiveDir(db), '2026-11.jsonl'), lines.join('\n') + '\n');

const history = `${JSON.stringify(process.execPath)} --import tsx server/history-main.ts --db ${JSON.stringify(db)}`;

test('auction-history | head -1 prints the header and exits 0, with nothing on stderr', () => {
  const r = spawnSync('bash', ['-c', `${history} 2>"$ERR" | head -1; echo "status \${PIPESTATUS[0]}"`], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ERR: path.join(dir, 'stderr.txt') },
  });
  const [first, status] = r.stdout.trim().split('\n');
  expect(first).toMatch(/^CLOSED \(UTC\) +ITEM/);
  expect(status).toBe('status 0');
  expect(readFileSync(path.join(dir, 'stderr.txt'), 'utf8')).toBe('');
});

test('rows come in close-time order', () => {
  const r = spawnSync('bash', ['-c', history], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(r.status).toBe(0);
  const items = r.stdout
    .split('\n')
    .filter((l) => /^\d{4}-\d{2}-\d{2} /.test(l))
    .map((l) => l.split(/\s+/)[2]);
  expect(items).toHaveLength(SALES);
  expect(items).toEqual(Array.from({ length: SALES }, (_, i) => `lot${String(i + 1).padStart(5, '0')}`));
});
