// `npm run history -- [--db PATH] [--item NAME] [--since DATE]`: past sales and the house's commission
// totals, from the history archive beside the db (§8). Read-only; safe while the server runs.
import { existsSync } from 'node:fs';
import { HISTORY_USAGE, parseHistoryArgs, report } from './history.js';
import { archiveDir } from './store/archive.js';

const args = parseHistoryArgs(process.argv.slice(2));
if (!args.ok) {
  process.stderr.write(`error: ${args.error}\n\n${HISTORY_USAGE}`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(HISTORY_USAGE);
  process.exit(0);
}
if (!existsSync(args.db) && !existsSync(archiveDir(args.db))) {
  process.stderr.write(`error: no data file ${args.db} (pick one with --db)\n`);
  process.exit(1);
}
if (!existsSync(archiveDir(args.db))) process.stdout.write(`No history yet: ${archiveDir(args.db)} does not exist.\n`);
const out: string[] = [];
const flush = (): void => {
  if (out.length) process.stdout.write(out.join('\n') + '\n');
  out.length = 0;
};
await report(args.db, args.query, (line) => {
  out.push(line);
  if (out.length >= 1000) flush();
});
flush();
