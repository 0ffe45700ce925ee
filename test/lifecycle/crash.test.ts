// §7/§8 crash safety of the purchase, with the real server process killed by SIGKILL mid-way and
// restarted on the same db: the sale finishes exactly once, with no second WINNER/SOLD once decided.
// The auctions close when the test moves the server's test clock (restarts keep the clock where it was).
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnServer, tempDb, type ServerProcess } from '../support/server.js';
import { BUYER_CARD, FUTURE_EXP, Parties, SECRET, SELLER_CARD, durable, durableClosure, informRes } from './helpers.js';

const parties = new Parties();
const cleanups: Array<() => void> = [];
let server: ServerProcess | null = null;
afterEach(async () => {
  await server?.kill('SIGKILL');
  server = null;
  await parties.closeAll();
  for (const c of cleanups.splice(0)) c();
});

const setup = (extra: string[] = []): { db: string; args: string[] } => tempDb(cleanups, extra);
/** Every auction here lasts 10 minutes; advancing the clock by that closes it now. */
const CLOSE = 600_000;

test('SIGKILL after the sale is decided: on restart only the missing outcome is delivered, never a second WINNER', async () => {
  const { db, args } = setup(['--commission', '0.2']);
  server = await spawnServer(args, {}, { testClock: true });
  const sam = await parties.register(server, 'sam', 'seller');
  const bea = await parties.register(server, 'bea', 'buyer');
  await sam.udp.request('LIST_ITEM 2 bike Road bike 100.00 600');
  expect(await bea.udp.request('BID 2 bike 150')).toBe('BID_ACCEPTED 2');
  await server.advanceClock(CLOSE);
  const rq = (await bea.tcp.next(/^WINNER /)).split(' ')[1];
  bea.tcp.send(informRes(await bea.tcp.next(/^INFORM_Req /), 'bea', BUYER_CARD, FUTURE_EXP, '3 Buyer Close'));
  await server.events.closure('bike', 'answer', 'buyer'); // bea's answer is on disk
  await bea.tcp.stopListening(); // bea goes dark: PURCHASE_COMPLETE cannot be delivered for now
  sam.tcp.send(informRes(await sam.tcp.next(/^INFORM_Req /), 'sam', SELLER_CARD, FUTURE_EXP, '1 Seller Street'));
  expect(await sam.tcp.next(/^Shipping_Info /)).toBe(`Shipping_Info ${rq} bea 3 Buyer Close`);
  await server.events.closure('bike', 'delivered', 'seller'); // Shipping_Info recorded
  await server.kill('SIGKILL');
  const before = durableClosure(db, 'bike')!;
  expect(before.state).toBe('complete');
  expect(before.buyer!.delivered).toBeFalsy();

  server = await spawnServer(args, {}, { testClock: CLOSE });
  const beaTcp = await parties.tcp();
  const beaUdp = await parties.udp(server);
  expect(await beaUdp.request(`LOGIN 1 bea ${SECRET} 127.0.0.1 ${beaUdp.port} ${beaTcp.port}`)).toBe(
    'LOGGED_IN 1 buyer',
  );
  expect(await beaTcp.next(/^PURCHASE_COMPLETE /)).toBe(`PURCHASE_COMPLETE ${rq} bike 150.00`);
  await beaTcp.conn!.closed;
  expect(beaTcp.lines()).toEqual([`PURCHASE_COMPLETE ${rq} bike 150.00`]);
  await server.events.closure('bike', 'delivered', 'buyer'); // PURCHASE_COMPLETE recorded
  const after = durableClosure(db, 'bike')!;
  expect(after.buyer!.delivered).toBe(true);
  expect(after.state).toBe('complete');
  expect(bea.tcp.count('WINNER') + beaTcp.count('WINNER')).toBe(1);
  expect(sam.tcp.count('SOLD')).toBe(1);
  expect(sam.tcp.connections).toHaveLength(1); // the seller, already told, is not contacted again
  const doc = durable(db);
  expect(doc.transactions).toHaveLength(1);
  expect(doc.transactions[0]).toMatchObject({ chargedCents: 15000, creditedCents: 12000, commissionCents: 3000 });
});

test.each([
  ['the buyer answers after the restart', false],
  ['both answers were on disk but not the decision', true],
] as const)('SIGKILL while the sale is pending (%s): the sale completes once', async (_label, bothAnswered) => {
  const { db, args } = setup();
  server = await spawnServer(args, {}, { testClock: true });
  const sam = await parties.register(server, 'sam', 'seller');
  const bea = await parties.register(server, 'bea', 'buyer');
  await sam.udp.request('LIST_ITEM 2 sofa Green sofa 80.00 600');
  expect(await bea.udp.request('BID 2 sofa 80')).toBe('BID_ACCEPTED 2');
  await server.advanceClock(CLOSE);
  const rq = (await bea.tcp.next(/^WINNER /)).split(' ')[1];
  await bea.tcp.next(/^INFORM_Req /); // bea says nothing yet
  sam.tcp.send(informRes(await sam.tcp.next(/^INFORM_Req /), 'sam', SELLER_CARD, FUTURE_EXP, '1 Seller Street'));
  await server.events.closure('sofa', 'answer', 'seller'); // sam's answer is on disk
  await server.kill('SIGKILL');
  expect(durableClosure(db, 'sofa')!.state).toBe('pending');
  if (bothAnswered) {
    // As if the process died between writing bea's answer and writing the decision.
    const doc = durable(db);
    const c = Object.values(doc.closures)[0];
    c.buyer!.answer = { last4: '4242', expiry: FUTURE_EXP, address: '4 Buyer Way' };
    writeFileSync(db, JSON.stringify(doc));
    for (const f of readdirSync(path.dirname(db)))
      if (/^db\.json\.wal\.\d+$/.test(f)) unlinkSync(path.join(path.dirname(db), f));
  }
  const beaConnections = bea.tcp.connections.length;

  // bea and sam are still bound to their addresses and TCP ports
  server = await spawnServer(args, {}, { testClock: CLOSE });
  if (!bothAnswered) {
    // the sale is not decided: bea is asked again, on a new connection, with the same RQ#
    expect(await bea.tcp.next(/^WINNER /)).toBe(`WINNER ${rq} sofa 80.00 sam`);
    const req = await bea.tcp.next(/^INFORM_Req /);
    expect(req).toBe(`INFORM_Req ${rq} sofa 80.00`);
    bea.tcp.send(informRes(req, 'bea', BUYER_CARD, FUTURE_EXP, '4 Buyer Way'));
  }
  expect(await bea.tcp.next(/^PURCHASE_COMPLETE /)).toBe(`PURCHASE_COMPLETE ${rq} sofa 80.00`);
  expect(await sam.tcp.next(/^Shipping_Info /)).toBe(`Shipping_Info ${rq} bea 4 Buyer Way`);
  await server.events.delivered('sofa'); // both outcomes recorded
  expect(durableClosure(db, 'sofa')).toMatchObject({ buyer: { delivered: true }, seller: { delivered: true } });
  expect(bea.tcp.count('WINNER')).toBe(bothAnswered ? 1 : 2);
  expect(bea.tcp.connections.length).toBe(beaConnections + 1);
  expect(sam.tcp.count('SOLD')).toBe(1); // sam had answered: told only the outcome
  expect(sam.tcp.count('INFORM_Req')).toBe(1);
  expect(durable(db).transactions).toMatchObject([
    { item: 'sofa', chargedCents: 8000, creditedCents: 7200, commissionCents: 800 },
  ]);
});
