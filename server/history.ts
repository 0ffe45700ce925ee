// `npm run history`: past sales and the house's commission, read from the history archive (§8) beside
// db.json. The archive is streamed one line at a time, so the report costs memory for one auction,
// not for the whole history, and it can be read while the server runs (a line still being written
// is skipped). The report's pure parts (filter, rows, totals) are here; history-main.ts is the CLI.
import {
  option,
  parseCommandLine,
  validate,
  type CommandLine,
  type CommandSpec,
  type Validator,
} from '../shared/cli/index.js';
import { fields, formatMoney } from '../shared/protocol/index.js';
import type { ArchiveRecord } from './state/model.js';
import { nameKey } from './state/model.js';
import { monthOf, readArchive } from './store/archive.js';

export interface HistoryQuery {
  /** Only this item name (case-insensitive, §2). */
  item?: string;
  /** Only auctions that closed at or after this time (ms). */
  since?: number;
}

export type SaleOutcome = 'sold' | 'cancelled' | 'no offer' | 'closed';

export interface SaleRow {
  closedAt: number;
  item: string;
  seller: string;
  buyer: string | null;
  finalCents: number;
  commissionCents: number | null;
  bids: number;
  outcome: SaleOutcome;
  reason?: string;
}

export function matches(r: ArchiveRecord, q: HistoryQuery): boolean {
  if (q.item !== undefined && nameKey(r.auction.item) !== nameKey(q.item)) return false;
  if (q.since !== undefined && closedAt(r) < q.since) return false;
  return true;
}

function closedAt(r: ArchiveRecord): number {
  return r.auction.closedAt ?? r.closure?.startedAt ?? r.at;
}

export function toRow(r: ArchiveRecord): SaleRow {
  const c = r.closure;
  const outcome: SaleOutcome =
    c?.state === 'complete'
      ? 'sold'
      : c?.state === 'cancelled'
        ? 'cancelled'
        : c?.state === 'unsold' || r.auction.winner === null
          ? 'no offer'
          : 'closed';
  return {
    closedAt: closedAt(r),
    item: r.auction.item,
    seller: r.auction.seller,
    buyer: r.transaction?.buyer ?? c?.buyer?.name ?? r.auction.winner ?? null,
    finalCents: r.transaction?.chargedCents ?? c?.finalCents ?? r.auction.finalCents ?? r.auction.priceCents,
    commissionCents: r.transaction?.commissionCents ?? null,
    bids: r.auction.bids.length,
    outcome,
    ...(outcome === 'cancelled' && c?.reason ? { reason: c.reason } : {}),
  };
}

/** `$1,234.50`. */
export function dollars(cents: number): string {
  const [units, fraction] = formatMoney(cents).split('.');
  return `$${units.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const padL = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export const HEADER = `${pad('CLOSED (UTC)', 17)} ${pad('ITEM', 32)} ${pad('SELLER', 16)} ${pad('BUYER', 16)} ${padL('PRICE', 14)} ${padL('COMMISSION', 12)} ${padL('BIDS', 7)}  OUTCOME`;

export function formatRow(r: SaleRow): string {
  const when = new Date(r.closedAt).toISOString().slice(0, 16).replace('T', ' ');
  const outcome = r.reason ? `${r.outcome}: ${r.reason}` : r.outcome;
  return `${pad(when, 17)} ${pad(r.item, 32)} ${pad(r.seller, 16)} ${pad(r.buyer ?? '-', 16)} ${padL(dollars(r.finalCents), 14)} ${padL(r.commissionCents === null ? '-' : dollars(r.commissionCents), 12)} ${padL(String(r.bids), 7)}  ${outcome}`;
}

export class Totals {
  auctions = 0;
  sold = 0;
  cancelled = 0;
  noOffer = 0;
  grossCents = 0;
  commissionCents = 0;
  bids = 0;
  /** Commission per month of closing (`YYYY-MM`), in month order when printed. */
  readonly byMonth = new Map<string, { sold: number; grossCents: number; commissionCents: number }>();

  add(r: SaleRow): void {
    this.auctions++;
    this.bids += r.bids;
    if (r.outcome === 'cancelled') this.cancelled++;
    if (r.outcome === 'no offer') this.noOffer++;
    if (r.outcome !== 'sold') return;
    this.sold++;
    this.grossCents += r.finalCents;
    this.commissionCents += r.commissionCents ?? 0;
    const m = monthOf(r.closedAt);
    const t = this.byMonth.get(m) ?? { sold: 0, grossCents: 0, commissionCents: 0 };
    t.sold++;
    t.grossCents += r.finalCents;
    t.commissionCents += r.commissionCents ?? 0;
    this.byMonth.set(m, t);
  }

  lines(): string[] {
    const out = [
      `${this.auctions} auction${this.auctions === 1 ? '' : 's'} (${this.bids} bids): ${this.sold} sold for ${dollars(this.grossCents)}, house commission ${dollars(this.commissionCents)}; ${this.cancelled} cancelled; ${this.noOffer} with no offer`,
    ];
    if (this.byMonth.size > 0) {
      out.push('Commission by month:');
      for (const [m, t] of [...this.byMonth.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
        out.push(
          `  ${m}  ${padL(String(t.sold), 7)} sold  ${padL(dollars(t.grossCents), 16)}  commission ${dollars(t.commissionCents)}`,
        );
    }
    return out;
  }
}

/**
 * The report: the header, one row per matching auction in close-time order, then the totals. The
 * archive is in archiving order (a sale is archived when its checkout ends, minutes or more after its
 * close), so the rows are sorted before they are written: memory grows with the matching rows (a
 * small object each), not with their bids; --item and --since narrow it.
 */
export async function report(dbFile: string, q: HistoryQuery, write: (line: string) => void): Promise<Totals> {
  const totals = new Totals();
  write(HEADER);
  const fromMonth = q.since !== undefined ? monthOf(q.since) : undefined;
  const rows: SaleRow[] = [];
  for await (const r of readArchive(dbFile, { fromMonth })) {
    if (!matches(r, q)) continue;
    const row = toRow(r);
    totals.add(row);
    rows.push(row);
  }
  // Stable: auctions closed in the same millisecond keep their archive order.
  rows.sort((a, b) => a.closedAt - b.closedAt);
  for (const row of rows) write(formatRow(row));
  write('');
  for (const l of totals.lines()) write(l);
  return totals;
}

/** `--since`: `YYYY-MM-DD`, `YYYY-MM` or a full ISO time; dates are UTC midnight. */
export function parseSince(text: string): number | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text);
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1);
    const d = new Date(ms);
    if (d.getUTCMonth() !== Number(m[2]) - 1 || (m[3] && d.getUTCDate() !== Number(m[3]))) return null;
    return ms;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

// ---- command line (shared/cli) ------------------------------------------------------------------

export interface HistoryArgs {
  db: string;
  query: HistoryQuery;
}

const since: Validator<number> = (text) => {
  const ms = parseSince(text);
  return ms === null
    ? { ok: false, reason: 'must be YYYY-MM-DD, YYYY-MM (UTC) or an ISO time' }
    : { ok: true, value: ms };
};

export const HISTORY_CLI: CommandSpec<HistoryArgs> = {
  program: 'auction-history',
  usage: ['auction-history [options]', 'npm run history -- [options]   (from a checkout)'],
  summary:
    "Prints past auctions (sold, cancelled, no offer) and the house's commission totals from the history " +
    'archive beside the data file (db.json → db.json.history/, one JSON-lines file per month). Read-only: ' +
    'safe while the server runs.',
  defaults: () => ({ db: './db.json', query: {} }),
  flags: [
    option({
      name: 'db',
      arg: 'PATH',
      help: "the server's data file; its archive is PATH.history/",
      default: './db.json',
      parse: validate.anyPath,
      apply: (o, v) => (o.db = v),
    }),
    option({
      name: 'item',
      arg: 'NAME',
      help: 'only this item name (any case)',
      parse: fields.name,
      apply: (o, v) => (o.query.item = v),
    }),
    option({
      name: 'since',
      arg: 'DATE',
      help: 'only auctions closed on or after DATE: YYYY-MM-DD, YYYY-MM (UTC) or an ISO time',
      parse: since,
      apply: (o, v) => (o.query.since = v),
    }),
  ],
};

export function parseHistoryArgs(argv: readonly string[]): CommandLine<HistoryArgs> {
  return parseCommandLine(HISTORY_CLI, argv);
}
