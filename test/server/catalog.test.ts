// §5 Catalog (v1.1) over real UDP against the real server: pages of at most 32 CATALOG_ITEM lines in
// case-insensitive item-name order that together list every open auction once; Since_RQ returning
// exactly the auctions whose public state changed (also one whose change was pushed to nobody), also
// after a restart; the client core listing a floor whose page is lost on the way (a real relay drops
// it), and a spectator listing 10,000 auctions completely.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeOpenFloor } from '../../bench/fixture.js';
import { AuctionClient } from '../../shared/client/auction-client.js';
import { parse } from '../../shared/protocol/index.js';
import type { CatalogEnd, CatalogItem } from '../../shared/protocol/messages.js';
import { startServer, type RunningServer } from '../../server/server.js';
import { UdpPeer } from '../support/udp-peer.js';
import { UdpRelay } from '../support/udp-relay.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(dbPath?: string, extra: Parameters<typeof startServer>[0] = {}): Promise<RunningServer> {
  let db = dbPath;
  if (!db) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'catalog-test-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    db = path.join(dir, 'db.json');
  }
  const server = await startServer({ host: '127.0.0.1', udpPort: 0, dbPath: db, stdoutLog: false, ...extra });
  cleanups.push(() => server.stop());
  return server;
}

async function peer(server: RunningServer): Promise<UdpPeer> {
  const p = await UdpPeer.open(server);
  cleanups.push(() => p.close());
  return p;
}

let rqs = 100;
/** One CATALOG page as a raw client sees it: its CATALOG_ITEM lines (in arrival order) and CATALOG_END. */
async function page(
  p: UdpPeer,
  since?: number,
  after?: string | null,
): Promise<{ items: CatalogItem[]; end: CatalogEnd }> {
  const rq = String(rqs++);
  const args = since === undefined ? '' : ` ${since}${after === undefined ? '' : ` ${after ?? '-'}`}`;
  const from = p.received.length;
  const end = p.next((t) => t.startsWith(`CATALOG_END ${rq} `));
  p.send(`CATALOG ${rq}${args}`);
  const endText = await end;
  const parsed = parse(endText);
  if (!parsed.ok || parsed.msg.type !== 'CATALOG_END') throw new Error(`not a CATALOG_END: ${endText}`);
  const items = p.received
    .slice(from)
    .filter((t) => t.startsWith(`CATALOG_ITEM ${rq} `))
    .map((t) => {
      const m = parse(t);
      if (!m.ok || m.msg.type !== 'CATALOG_ITEM') throw new Error(`bad CATALOG_ITEM: ${t}`);
      return m.msg;
    });
  return { items, end: parsed.msg };
}

/** Every page of a listing in turn; each page asked for after the previous CATALOG_END. */
async function listing(p: UdpPeer, since = 0): Promise<{ pages: CatalogItem[][]; ends: CatalogEnd[] }> {
  const pages: CatalogItem[][] = [];
  const ends: CatalogEnd[] = [];
  let after: string | null = null;
  for (;;) {
    const pg = await page(p, since, after);
    pages.push(pg.items);
    ends.push(pg.end);
    if (pg.end.nextItem === null) return { pages, ends };
    after = pg.end.nextItem;
  }
}

async function seller(server: RunningServer, name = 'sam'): Promise<UdpPeer> {
  const s = await peer(server);
  expect(await s.register(1, name, 'seller')).toBe('REGISTERED 1');
  return s;
}

async function buyer(server: RunningServer, name: string): Promise<UdpPeer> {
  const b = await peer(server);
  expect(await b.register(1, name, 'buyer')).toBe('REGISTERED 1');
  return b;
}

test('pages of at most 32 lines, in case-insensitive name order, list every open auction once', async () => {
  const server = await serve();
  const sam = await seller(server);
  // 100 names of mixed case, listed in a scrambled order
  const names = Array.from({ length: 100 }, (_, i) => {
    const n = String((i * 37) % 100).padStart(3, '0');
    return ['apple', 'Banana', 'cherry', 'Date'][i % 4] + `-${n}`;
  });
  for (const [i, n] of names.entries())
    expect(await sam.request(`LIST_ITEM ${i + 10} ${n} Lot ${n} 1.00 3600`)).toBe(`ITEM_LISTED ${i + 10}`);
  const reader = await buyer(server, 'rita');
  const { pages, ends } = await listing(reader);
  expect(pages.map((p) => p.length)).toEqual([32, 32, 32, 4]);
  expect(ends.map((e) => [e.count, e.total])).toEqual([
    [32, 100],
    [32, 100],
    [32, 100],
    [4, 100],
  ]);
  const listed = pages.flat().map((i) => i.item);
  const expected = [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  expect(listed).toEqual(expected);
  expect(new Set(listed).size).toBe(100);
  // Next_Item is the last item of its page; After_Item in any case continues after it
  expect(ends[0].nextItem).toBe(pages[0][31].item);
  const upper = await page(reader, 0, ends[0].nextItem!.toUpperCase());
  expect(upper.items.map((i) => i.item)).toEqual(pages[1].map((i) => i.item));
  // full rows: seller, price, bids, leader, time left, description
  expect(pages[0][0]).toMatchObject({ seller: 'sam', currentPrice: 100, bids: 0, leader: null });
  // the log (default level info) has one reply line per page, its CATALOG_END; the rows are debug. The
  // stop writes out the log's last batch: read it then, not after guessing how long a flush takes.
  await server.stop();
  const text = readFileSync(server.logFile!, 'utf8');
  expect((text.match(/reply .*CATALOG_END/g) ?? []).length).toBe(5);
  expect(text).not.toContain('CATALOG_ITEM');
  expect(pages[0][0].description).toBe(`Lot ${pages[0][0].item}`);
  expect(pages[0][0].timeLeft).toBeGreaterThan(3500);
});

test('Since_RQ returns exactly the auctions changed since, one changed without any push among them, also after a restart', async () => {
  const server = await serve(undefined, { negotiateRepeatMs: 60_000 });
  const sam = await seller(server);
  for (const [i, n] of ['anvil', 'Bell', 'chair', 'drum', 'easel'].entries())
    await sam.request(`LIST_ITEM ${10 + i} ${n} An ${n} 20.00 ${n === 'drum' ? 2 : 600}`);
  const bob = await buyer(server, 'bob');
  const reader = await buyer(server, 'rita');
  const first = await listing(reader);
  const mark = first.ends[0].watermark;
  expect(first.pages.flat()).toHaveLength(5);
  expect((await page(reader, mark)).items).toEqual([]); // nothing changed yet

  // Bell: a bid (pushed to its seller). drum: no bid by half time, the seller lowers its price: that
  // PRICE_ADJUSTMENT is the seller's reply; nobody subscribes or watches, so no push at all.
  expect(await bob.request('BID 2 Bell 25.00')).toBe('BID_ACCEPTED 2');
  const ask = await sam.next(/^NEGOTIATE_REQ \d+ drum /);
  const sentBefore = server.stats().sent;
  expect(await sam.request(`ACCEPT ${ask.split(' ')[1]} drum 15.00`)).toMatch(/^PRICE_ADJUSTMENT \d+ drum 15\.00 \d$/);
  expect(server.stats().sent - sentBefore).toBe(1); // the reply, no push

  const changed = await listing(reader, mark);
  expect(changed.pages.flat().map((i) => [i.item, i.currentPrice, i.bids, i.leader])).toEqual([
    ['Bell', 2500, 1, 'bob'],
    ['drum', 1500, 0, null],
  ]);
  expect(changed.ends.at(-1)).toMatchObject({ total: 5, nextItem: null });
  const later = changed.ends[0].watermark;
  expect(later).toBeGreaterThan(mark);
  expect((await page(reader, later)).items).toEqual([]);

  // The change RQ#s are durable: after a restart the same question gets the same answer (less drum
  // if it has closed meanwhile), and the RQ# counter went on from where it was.
  await server.stop(); // (its cleanup's stop() then finds it stopped)
  const again = await serve(server.dbPath!);
  const reader2 = await buyer(again, 'rina');
  const afterRestart = await listing(reader2, mark);
  const stillOpen = ['Bell', 'drum'].filter((i) => again.auction(i)?.status === 'open');
  expect(stillOpen).toContain('Bell');
  expect(afterRestart.pages.flat().map((i) => i.item)).toEqual(stillOpen);
  expect(afterRestart.ends[0].watermark).toBeGreaterThan(later);
});

test('a spectator whose second page is lost on the way re-asks that page only and ends with the full listing', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'catalog-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const { items } = writeOpenFloor(path.join(dir, 'db.json'), { auctions: 100 });
  const server = await serve(path.join(dir, 'db.json'));
  const relay = await UdpRelay.open(server);
  cleanups.push(() => relay.close());
  // Lose the whole answer to the first request for page 2, and one line of page 3.
  let page2Rq: string | null = null;
  let page2Asked = 0;
  let page3Cut = false;
  relay.drop = (dir, text) => {
    const [word, rq, since, after] = text.split(' ');
    if (dir === 'up' && word === 'CATALOG' && since === '0' && after !== undefined && after !== '-') {
      page2Rq ??= rq;
      if (rq === page2Rq) page2Asked++;
    }
    if (dir === 'down' && rq === page2Rq && page2Asked === 1) return true;
    if (dir === 'down' && !page3Cut && word === 'CATALOG_ITEM' && text.includes(' lot-000071 ')) {
      page3Cut = true;
      return true;
    }
    return false;
  };
  const progress: Array<{ received: number; total: number }> = [];
  const client = new AuctionClient({ server: relay.address, watch: true, retryInitialMs: 100, catalogEveryMs: 0 });
  cleanups.push(() => client.close());
  client.on('catalog-progress', (p) => progress.push(p));
  await client.start();
  expect(await client.ready()).toMatchObject({ ok: true });
  expect(client.catalogEntries.map((e) => e.item).sort()).toEqual([...items].sort());
  const asked = relay.texts('up').filter((t) => t.startsWith('CATALOG '));
  const afters = asked.map((t) => t.split(' ')[3] ?? '-');
  // Requests per page, counted by their text: a busy machine may make the client retransmit any of
  // them (the same datagram, §3), which is not a second request. Page 1 once; page 2 once, retransmitted
  // after its answer was lost; page 3 twice (an incomplete page is asked again, with a fresh RQ#); page 4 once.
  const pages = [...new Set(afters)];
  expect(pages.map((a) => new Set(asked.filter((t) => (t.split(' ')[3] ?? '-') === a)).size)).toEqual([1, 1, 2, 1]);
  const page2 = asked.filter((t) => t.split(' ')[1] === page2Rq);
  expect(page2.length).toBeGreaterThanOrEqual(2);
  expect(new Set(page2)).toEqual(new Set([page2[0]]));
  expect(relay.texts('down', { dropped: true }).length).toBe(33 + 1);
  expect(progress.at(-1)).toEqual({ received: 100, total: 100 });
});

test('a spectator lists a floor of 10,000 open auctions completely, with full rows', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'catalog-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const { items } = writeOpenFloor(path.join(dir, 'db.json'), { auctions: 10_000 });
  const server = await serve(path.join(dir, 'db.json'));
  const client = new AuctionClient({
    server: { host: '127.0.0.1', port: server.udpPort },
    watch: true,
    catalogEveryMs: 0,
  });
  cleanups.push(() => client.close());
  let pages = 0;
  client.on('catalog-progress', () => pages++);
  const complete = new Promise<number>((resolve) => client.once('catalog', (e) => resolve(e.length)));
  await client.start();
  expect(await client.ready()).toMatchObject({ ok: true });
  expect(await complete).toBe(10_000);
  expect(pages).toBe(Math.ceil(10_000 / 32));
  const entries = client.catalogEntries;
  expect(new Set(entries.map((e) => e.item))).toEqual(new Set(items));
  expect(entries.every((e) => e.seller === 'hist-seller' && e.bids === 3 && e.leader !== null)).toBe(true);
}, 120_000);
