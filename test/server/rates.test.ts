// Issue 20.7 and 20.8 over real UDP, under `--limits all` (loopback is limited too): open listings per
// seller, CATALOG pages per source, BID/MAX_BID per account per auction — each refused with a reason
// that says what to do, and the bid pattern logged once per (account, auction).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RATES } from '../../server/request-rates.js';
import { eventually, inProcessServer, type InProcessServer } from '../support/server.js';

let t: InProcessServer;
let clock = Date.now();
afterEach(async () => {
  await t.close();
});

const start = async (): Promise<InProcessServer> =>
  (t = await inProcessServer({ now: () => clock, limits: 'all', maxListingsPerSeller: 3 }));

test('a seller may have --max-listings-per-seller open auctions; the next LIST_ITEM is denied, others unaffected', async () => {
  await start();
  const s = await t.peer();
  expect(await s.register(1, 'sal', 'seller')).toBe('REGISTERED 1');
  for (let i = 0; i < 3; i++)
    expect(await s.request(`LIST_ITEM ${2 + i} pot${i} A pot ${i} 1.00 600`)).toBe(`ITEM_LISTED ${2 + i}`);
  expect(await s.request('LIST_ITEM 9 pot9 One too many 1.00 600')).toBe(
    'LIST-DENIED 9 Too many open auctions: a seller may have 3 at a time; wait for one to close',
  );
  const o = await t.peer();
  expect(await o.register(1, 'oto', 'seller')).toBe('REGISTERED 1');
  expect(await o.request('LIST_ITEM 2 cup A cup 1.00 600')).toBe('ITEM_LISTED 2');
});

test('BID and MAX_BID per account per auction: a burst, then refused with a wait, logged once; another lot is not', async () => {
  await start();
  const s = await t.peer();
  await s.register(1, 'sal', 'seller');
  expect(await s.request('LIST_ITEM 2 lamp A lamp 1.00 600')).toBe('ITEM_LISTED 2');
  expect(await s.request('LIST_ITEM 3 rug A rug 1.00 600')).toBe('ITEM_LISTED 3');
  const b = await t.peer();
  await b.register(1, 'shill', 'buyer');
  let rq = 10;
  for (let i = 0; i < RATES.bidBurst; i++) {
    const r =
      i % 2 ? await b.request(`MAX_BID ${rq++} lamp ${2 + i}.00`) : await b.request(`BID ${rq++} lamp ${2 + i}.00`);
    expect(r).toMatch(/^(BID_ACCEPTED|MAX_BID_SET) /);
  }
  expect(await b.request(`MAX_BID ${rq++} lamp 50.00`)).toBe(
    `BID_REJECTED ${rq - 1} Too many bids on lamp, try again in 5 s`,
  );
  expect(await b.request(`BID ${rq++} lamp 51.00`)).toBe(
    `BID_REJECTED ${rq - 1} Too many bids on lamp, try again in 5 s`,
  );
  expect(await b.request(`BID ${rq++} rug 2.00`)).toBe(`BID_ACCEPTED ${rq - 1}`);
  clock += RATES.bidEveryMs; // one more token
  expect(await b.request(`BID ${rq++} lamp 52.00`)).toBe(`BID_ACCEPTED ${rq - 1}`);
  expect(await b.request(`BID ${rq++} lamp 53.00`)).toMatch(/^BID_REJECTED \d+ Too many bids on lamp/);
  const log = path.join(t.dir, 'db.log');
  const lines = await eventually(() => {
    const l = readFileSync(log, 'utf8')
      .split('\n')
      .filter((x) => x.includes('bid rate limit on lamp'));
    return l.length > 0 && l;
  }, 'the bid pattern logged');
  expect(lines).toHaveLength(1); // three refusals, one line
  expect(lines[0]).toContain('shill');
});

test('CATALOG pages per source: a burst, then refused with a wait', async () => {
  await start();
  const s = await t.peer();
  await s.register(1, 'sal', 'seller');
  expect(await s.request('LIST_ITEM 2 lamp A lamp 1.00 600')).toBe('ITEM_LISTED 2');
  // one at a time (a burst of 200 pages at once would overflow this socket's receive buffer)
  for (let i = 0; i < RATES.catalogBurst - 1; i++) await s.request(`CATALOG ${100 + i}`);
  expect(await s.request('CATALOG 99')).toMatch(/^CATALOG_ITEM 99 |^CATALOG_END 99 /);
  const denied = await s.request('CATALOG 98');
  expect(denied).toBe('CATALOG-DENIED 98 Too many CATALOG requests from this address, try again in 1 s');
  clock += 1000;
  expect(await s.request('CATALOG 97')).toMatch(/^CATALOG_ITEM 97 /);
});
