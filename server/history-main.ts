// `npm run history -- [--db PATH] [--item NAME] [--since DATE]`: past sales and the house's commission
// totals, from the history archive beside the db (§8). Read-only; safe while the server runs.
import { existsSync } from 'node:fs';
import { commandLine, fatal } from '../shared/cli/index.js';
import { HISTORY_CLI, report } from './history.js';
import { archiveDir } from './store/archive.js';

// `auction-history | head -1`: the reader has gone, which is no error of ours — stop quietly, as
// other Unix tools do, instead of an EPIPE stack trace and exit 1 (issue 19.8).
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const { db, query } = commandLine(HISTORY_CLI);
if (!existsSync(db) && !existsSync(archiveDir(db)))
  fatal(HISTORY_CLI.program, `no data file ${db} (pick one with --db)`);
if (!existsSync(archiveDir(db))) process.stdout.write(`No history yet: ${archiveDir(db)} does not exist.\n`);
const out: string[] = [];
const flush = (): void => {
  if (out.length) process.stdout.write(out.join('\n') + '\n');
  out.length = 0;
};
await report(db, query, (line) => {
  out.push(line);
  if (out.length >= 1000) flush();
});
flush();
