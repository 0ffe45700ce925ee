// The history fixture is what the server itself would have written: it opens without repair, the
// archive reads back record by record, and the history report adds it up.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { report } from '../server/history.js';
import { archiveFiles, readArchiveSync } from '../server/store/archive.js';
import { LogStore } from '../server/store/log-store.js';
import { writeHistoryArchive } from './fixture.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'fixture-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('writeHistoryArchive writes a db.json of accounts and monthly archive files the server opens as they are', async () => {
  const db = path.join(dir, 'db.json');
  const f = writeHistoryArchive(db, { bids: 10_050, bidsPerAuction: 100, now: Date.UTC(2026, 10, 24) });
  expect(f.auctions).toBe(101);
  expect(archiveFiles(db).length).toBeGreaterThanOrEqual(12);
  const before = archiveFiles(db).map((x) => readFileSync(x.file, 'utf8'));
  const records = readArchiveSync(db);
  expect(records).toHaveLength(101);
  expect(records.reduce((n, r) => n + r.auction.bids.length, 0)).toBe(10_050);
  expect(records.at(-1)!.auction.bids).toHaveLength(50);
  const s = await LogStore.open(db);
  expect(Object.keys(s.doc.auctions)).toHaveLength(0);
  await s.close();
  expect(archiveFiles(db).map((x) => readFileSync(x.file, 'utf8'))).toEqual(before); // nothing cut or added
  const lines: string[] = [];
  const totals = await report(db, {}, (l) => lines.push(l));
  expect(totals.sold).toBe(101);
  expect(totals.commissionCents).toBe(records.reduce((n, r) => n + r.transaction!.commissionCents, 0));
  expect(lines.filter((l) => / sold$/.test(l))).toHaveLength(101);
});
