// §5 soft close and §8 "an auction whose close time passed while the server was down closes at start".
// Time moves when the test moves the server's test clock, never on a 1-second wall clock.
import { inProcessServer, spawnServer, tempDb, type InProcessServer, type ServerProcess } from '../support/server.js';
import { durable, durableClosure, Parties } from './helpers.js';

const parties = new Parties();
let t: InProcessServer | null = null;
let server: ServerProcess | null = null;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  await server?.kill('SIGKILL');
  server = null;
  await parties.closeAll();
  await t?.close();
  t = null;
  for (const c of cleanups.splice(0)) c();
});

test('soft close: a bid with fewer than S seconds left moves the close to S seconds from that bid', async () => {
  t = await inProcessServer({ softCloseS: 30 });
  const sam = await parties.register(t.server, 'sam', 'seller');
  const bea = await parties.register(t.server, 'bea', 'buyer');
  const bob = await parties.register(t.server, 'bob', 'buyer');
  expect(await sam.udp.request('LIST_ITEM 2 gong Bronze gong 5.00 60')).toBe('ITEM_LISTED 2');
  expect(await sam.udp.request('LIST_ITEM 3 bell Brass bell 5.00 600')).toBe('ITEM_LISTED 3');
  const byId = (item: string) => t!.server.auction(item)!;
  const originalClose = byId('gong').closesAt;

  t.advanceClock(45_000); // 15 s left < 30 s
  expect(await bea.udp.request('BID 2 gong 5')).toBe('BID_ACCEPTED 2');
  // extended, and the update shows the new time left
  expect(await sam.udp.next(/^BID_UPDATE \d+ gong /)).toMatch(/^BID_UPDATE \d+ gong 5\.00 bea 30$/);
  const first = durable(t.dbPath).auctions[byId('gong').id];
  expect(first.closesAt).toBe(first.bids[0].at + 30_000);
  expect(first.closesAt).toBeGreaterThan(originalClose);
  // a bid with plenty of time left does not move the close
  expect(await bea.udp.request('BID 3 bell 6')).toBe('BID_ACCEPTED 3');
  expect(durable(t.dbPath).auctions[byId('bell').id].closesAt).toBe(byId('bell').openedAt + 600_000);

  // a later bid, past the original close time but still inside the window, extends again
  t.advanceClock(20_000);
  expect(t.now()).toBeGreaterThan(originalClose);
  expect(await bob.udp.request('BID 2 gong 6')).toBe('BID_ACCEPTED 2'); // would be refused had it closed at the original time
  const second = durable(t.dbPath).auctions[byId('gong').id];
  expect(second.closesAt).toBe(second.bids[1].at + 30_000);
  expect(byId('gong').status).toBe('open');

  t.advanceClock(30_000); // past the extended close
  expect(await sam.udp.next(/^AUCTION_CLOSED \d+ gong /)).toMatch(/^AUCTION_CLOSED \d+ gong 6\.00 bob$/);
  const closed = durable(t.dbPath).auctions[byId('gong').id];
  expect(closed.closedAt).toBeGreaterThanOrEqual(second.closesAt);
  expect(await bob.tcp.next(/^WINNER /)).toMatch(/^WINNER \d+ gong 6\.00 sam$/);
});

test('an auction whose close time passed while the server was down closes at start', async () => {
  const { db, args } = tempDb(cleanups);
  server = await spawnServer(args);
  const sam = await parties.register(server, 'sam', 'seller');
  const bea = await parties.register(server, 'bea', 'buyer');
  await sam.udp.request('LIST_ITEM 2 oboe Used oboe 40.00 600');
  expect(await bea.udp.request('BID 2 oboe 41')).toBe('BID_ACCEPTED 2');
  await server.kill('SIGKILL');
  const au = Object.values(durable(db).auctions)[0];
  expect(au.status).toBe('open'); // killed before its close

  // restarted with its clock 601 s on: the close time passed while it was down
  const startedAt = Date.now() + 601_000;
  server = await spawnServer(args, {}, { testClock: 601_000 });
  // sam and bea are still bound (UDP sockets and TCP listeners unchanged): they hear of the close
  expect(await sam.udp.next(/^AUCTION_CLOSED /)).toMatch(/^AUCTION_CLOSED \d+ oboe 41\.00 bea$/);
  expect(await bea.tcp.next(/^WINNER /)).toMatch(/^WINNER \d+ oboe 41\.00 sam$/);
  expect(await sam.tcp.next(/^SOLD /)).toMatch(/^SOLD \d+ oboe 41\.00 bea$/);
  await server.events.until('auction-closed', (e) => e.item === 'oboe'); // the closure is on disk
  expect(durableClosure(db, 'oboe')!.state).toBe('pending');
  const closed = durable(db).auctions[au.id];
  expect(closed.status).toBe('closed');
  expect(closed.closedAt).toBeGreaterThanOrEqual(startedAt);
  expect(closed.closedAt).toBeGreaterThan(au.closesAt);
});
