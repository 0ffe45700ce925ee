// §7 closure and purchase over real TCP: the server connects out to listeners the test opens as a
// client would, and the test answers as the parties. State is checked on disk (db.json + change log).
// Auctions close when the test moves the server's test clock (CLOSE), after the bids it needs are in —
// never on a 1-second wall clock a busy machine can overrun.
import { readFileSync } from 'node:fs';
import { readDurableHistory } from '../../server/store/log-store.js';
import { closedPort } from '../support/tcp-party.js';
import {
  BAD_LUHN_CARD,
  BUYER_CARD,
  durable,
  durableClosure,
  eventually,
  FUTURE_EXP,
  informRes,
  lifecycleFixture,
  PAST_EXP,
  SECRET,
  SELLER_CARD,
} from './helpers.js';

const { parties, start, samAndBea } = lifecycleFixture();
/** Every auction here lasts 10 minutes; advancing the clock by that closes it now. */
const CLOSE = 600_000;

test('a sale both parties pay for: WINNER/SOLD, INFORM, PURCHASE_COMPLETE/Shipping_Info, one transaction', async () => {
  const { t, sam, bea } = await samAndBea();
  expect(await sam.udp.request('LIST_ITEM 2 lamp Brass lamp 10.00 600')).toBe('ITEM_LISTED 2');
  expect(await bea.udp.request('BID 2 lamp 12.50')).toBe('BID_ACCEPTED 2');
  t.advanceClock(CLOSE);

  const winner = await bea.tcp.next(/^WINNER /);
  expect(winner).toMatch(/^WINNER \d+ lamp 12\.50 sam$/);
  const rq = winner.split(' ')[1];
  const buyerReq = await bea.tcp.next(/^INFORM_Req /);
  expect(buyerReq).toBe(`INFORM_Req ${rq} lamp 12.50`);
  expect(await sam.tcp.next(/^SOLD /)).toBe(`SOLD ${rq} lamp 12.50 bea`);
  const sellerReq = await sam.tcp.next(/^INFORM_Req /);
  expect(sellerReq).toBe(`INFORM_Req ${rq} lamp 12.50`);
  expect(await sam.udp.next(/^AUCTION_CLOSED /)).toMatch(/^AUCTION_CLOSED \d+ lamp 12\.50 bea$/);

  sam.tcp.send(informRes(sellerReq, 'sam', SELLER_CARD, FUTURE_EXP, '1 Seller Street'));
  bea.tcp.send(informRes(buyerReq, 'bea', BUYER_CARD, FUTURE_EXP, '22 Buyer Road, Apt 3'));
  expect(await bea.tcp.next(/^PURCHASE_COMPLETE /)).toBe(`PURCHASE_COMPLETE ${rq} lamp 12.50`);
  expect(await sam.tcp.next(/^Shipping_Info /)).toBe(`Shipping_Info ${rq} bea 22 Buyer Road, Apt 3`);
  // the server closes each connection after the outcome; one connection per party
  await Promise.all([bea.tcp.conn!.closed, sam.tcp.conn!.closed]);
  expect([bea.tcp.connections.length, sam.tcp.connections.length]).toEqual([1, 1]);

  await t.events.delivered('lamp');
  const c = durableClosure(t.dbPath, 'lamp')!;
  expect(c).toMatchObject({ state: 'complete', buyer: { delivered: true }, seller: { delivered: true } });
  const doc = durable(t.dbPath);
  expect(doc.transactions).toHaveLength(1);
  expect(doc.transactions[0]).toMatchObject({
    item: 'lamp',
    buyer: 'bea',
    seller: 'sam',
    chargedCents: 1250,
    creditedCents: 1125,
    commissionCents: 125,
    buyerCardLast4: '4242',
    sellerCardLast4: '4444',
  });
  expect(c.buyer!.answer).toEqual({ last4: '4242', expiry: FUTURE_EXP, address: '22 Buyer Road, Apt 3' });
  const all = JSON.stringify(doc);
  expect(all).not.toContain(BUYER_CARD);
  expect(all).not.toContain(SELLER_CARD);
  // the item name is free again once the sale is finished
  expect(await sam.udp.request('LIST_ITEM 3 lamp Another lamp 5.00 60')).toBe('ITEM_LISTED 3');
});

test('an invalid card (Luhn), an expired date, an empty address, another name or RQ# cancels the sale for both, with a reason', async () => {
  const t = await start();
  const cases = [
    {
      item: 'vase',
      bad: 'buyer' as const,
      card: BAD_LUHN_CARD,
      exp: FUTURE_EXP,
      address: '9 Elm St',
      reason: /^Buyer b1: invalid INFORM_Res \(CC# must be 12 to 19 digits passing the Luhn check\)$/,
    },
    {
      item: 'pen',
      bad: 'seller' as const,
      card: SELLER_CARD,
      exp: PAST_EXP,
      address: '9 Elm St',
      reason: /^Seller s2: CC_Exp_Date has expired$/,
    },
    {
      item: 'rug',
      bad: 'buyer' as const,
      card: BUYER_CARD,
      exp: FUTURE_EXP,
      address: '   ',
      reason: /^Buyer b3: Address is empty$/,
    },
    {
      item: 'cap',
      bad: 'seller' as const,
      card: SELLER_CARD,
      exp: FUTURE_EXP,
      address: '9 Elm St',
      name: 'b4',
      reason: /^Seller s4: Name b4 is not the account name s4$/,
    },
    {
      item: 'mug',
      bad: 'buyer' as const,
      card: BUYER_CARD,
      exp: FUTURE_EXP,
      address: '9 Elm St',
      rq: '1',
      reason: /^Buyer b5: INFORM_Res RQ# 1 does not match INFORM_Req \d+$/,
    },
  ];
  // five auctions close together, each with its own pair of parties
  const runs = await Promise.all(
    cases.map(async (k, i) => {
      const s = await parties.register(t.server, `s${i + 1}`, 'seller');
      const b = await parties.register(t.server, `b${i + 1}`, 'buyer');
      expect(await s.udp.request(`LIST_ITEM 2 ${k.item} Something 3.00 600`)).toBe('ITEM_LISTED 2');
      expect(await b.udp.request(`BID 2 ${k.item} 4`)).toBe('BID_ACCEPTED 2');
      return { k, s, b };
    }),
  );
  t.advanceClock(CLOSE);
  await Promise.all(
    runs.map(async ({ k, s, b }) => {
      const bReq = await b.tcp.next(/^INFORM_Req /);
      const sReq = await s.tcp.next(/^INFORM_Req /);
      const rq = bReq.split(' ')[1];
      const good = {
        buyer: () => b.tcp.send(informRes(bReq, b.name, BUYER_CARD, FUTURE_EXP, '1 Main St')),
        seller: () => s.tcp.send(informRes(sReq, s.name, SELLER_CARD, FUTURE_EXP, '2 Main St')),
      };
      const [badParty, badReq] = k.bad === 'buyer' ? [b, bReq] : [s, sReq];
      // the valid party answers first in two cases, the invalid one answers alone in the others
      if (k.item === 'vase') good.seller();
      if (k.item === 'cap') good.buyer();
      const answer = informRes(badReq, k.name ?? badParty.name, k.card, k.exp, k.address);
      badParty.tcp.send(k.rq ? answer.replace(/^INFORM_Res \d+ /, `INFORM_Res ${k.rq} `) : answer);
      const toBuyer = await b.tcp.next(/^CANCEL /);
      const toSeller = await s.tcp.next(/^CANCEL /);
      expect(toBuyer).toBe(toSeller);
      expect(toBuyer.startsWith(`CANCEL ${rq} `)).toBe(true);
      expect(toBuyer.slice(`CANCEL ${rq} `.length)).toMatch(k.reason);
      expect(b.tcp.count('PURCHASE_COMPLETE') + s.tcp.count('Shipping_Info')).toBe(0);
      await t.events.delivered(k.item);
      const c = durableClosure(t.dbPath, k.item)!;
      expect(c).toMatchObject({ state: 'cancelled', buyer: { delivered: true }, seller: { delivered: true } });
      expect(c.reason).toMatch(k.reason);
    }),
  );
  expect(durable(t.dbPath).transactions).toEqual([]);
});

test('a party that never answers cancels the sale at --inform-timeout; CANCEL reaches both', async () => {
  const { t, sam, bea } = await samAndBea({ informTimeoutS: 1 });
  await sam.udp.request('LIST_ITEM 2 clock Old clock 5.00 600');
  expect(await bea.udp.request('BID 2 clock 5')).toBe('BID_ACCEPTED 2');
  t.advanceClock(CLOSE);
  const req = await bea.tcp.next(/^INFORM_Req /);
  bea.tcp.send(informRes(req, 'bea', BUYER_CARD, FUTURE_EXP, '5 Oak Ave'));
  await sam.tcp.next(/^INFORM_Req /); // connected, and silent from now on
  const rq = req.split(' ')[1];
  const expected = `CANCEL ${rq} No payment details from sam within 1 s`;
  expect(await sam.tcp.next(/^CANCEL /)).toBe(expected);
  const cancelledAt = t.now();
  expect(await bea.tcp.next(/^CANCEL /)).toBe(expected);
  const pending = durableClosure(t.dbPath, 'clock')!;
  expect(pending.deadline - pending.startedAt).toBe(1000);
  expect(cancelledAt).toBeGreaterThanOrEqual(pending.deadline - 20); // not before the deadline (timer slack)
  await t.events.delivered('clock');
  const c = durableClosure(t.dbPath, 'clock')!;
  expect(c).toMatchObject({ state: 'cancelled', buyer: { delivered: true }, seller: { delivered: true } });
  expect(durable(t.dbPath).transactions).toEqual([]);
});

test('no bid: NON_OFFER to the seller only, and the connection closes', async () => {
  const { t, sam, bea } = await samAndBea();
  expect(await sam.udp.request('LIST_ITEM 2 kite Red kite 2.00 600')).toBe('ITEM_LISTED 2');
  expect(await bea.udp.request('SUBSCRIBE 3 kite')).toBe('SUBSCRIBED 3');
  t.advanceClock(CLOSE);
  expect(await bea.udp.next(/^AUCTION_CLOSED /)).toMatch(/^AUCTION_CLOSED \d+ kite 2\.00 -$/);
  expect(await sam.tcp.next(/^NON_OFFER /)).toMatch(/^NON_OFFER \d+ kite$/);
  await sam.tcp.conn!.closed;
  expect(sam.tcp.lines()).toHaveLength(1);
  await t.events.delivered('kite', ['seller']); // NON_OFFER recorded
  const c = durableClosure(t.dbPath, 'kite')!;
  expect(c).toMatchObject({ state: 'unsold', buyer: null, seller: { delivered: true } });
  expect(bea.tcp.connections).toHaveLength(0);
});

test('a buyer offline at close is retried, and reached at once when it LOGINs again', async () => {
  const { t, sam, bea } = await samAndBea();
  // bea's TCP port goes dark before the close: connections to it are refused
  const dark = await closedPort();
  expect(await bea.udp.request(`LOGIN 2 bea ${SECRET} 127.0.0.1 ${bea.udp.port} ${dark}`)).toBe('LOGGED_IN 2 buyer');
  await sam.udp.request('LIST_ITEM 2 drum Snare drum 30.00 600');
  expect(await bea.udp.request('BID 3 drum 31')).toBe('BID_ACCEPTED 3');
  t.advanceClock(CLOSE);
  const sellerReq = await sam.tcp.next(/^INFORM_Req /);
  sam.tcp.send(informRes(sellerReq, 'sam', SELLER_CARD, FUTURE_EXP, '1 Seller Street'));
  // sam, having answered, hangs up and logs in again: it is not asked again (no second SOLD)
  await t.events.closure('drum', 'answer', 'seller'); // sam's answer is on disk
  sam.tcp.conn!.socket.destroy();
  expect(await sam.udp.request(`LOGIN 3 sam ${SECRET} 127.0.0.1 ${sam.udp.port} ${sam.tcp.port}`)).toBe(
    'LOGGED_IN 3 seller',
  );
  // wait for the 4th refused attempt (backoff 0.25, 0.5, 1 s): the next retry is 2 s away
  const refused = (): number =>
    readFileSync(t.server.logFile!, 'utf8')
      .split('\n')
      .filter((l) => /warn {2}buyer:bea .*ECONNREFUSED/.test(l)).length;
  await eventually(() => refused() >= 4, '4 refused connection attempts');
  const online = await parties.tcp();
  const loginAt = Date.now();
  expect(await bea.udp.request(`LOGIN 4 bea ${SECRET} 127.0.0.1 ${bea.udp.port} ${online.port}`)).toBe(
    'LOGGED_IN 4 buyer',
  );
  const winner = await online.next(/^WINNER /);
  // at once, not at the next backoff step (2 s after the 4th attempt; half a second of slack either way)
  expect(Date.now() - loginAt).toBeLessThan(1500);
  expect(refused()).toBe(4);
  const rq = winner.split(' ')[1];
  const req = await online.next(/^INFORM_Req /);
  online.send(informRes(req, 'bea', BUYER_CARD, FUTURE_EXP, '7 Late Lane'));
  expect(await online.next(/^PURCHASE_COMPLETE /)).toBe(`PURCHASE_COMPLETE ${rq} drum 31.00`);
  expect(await sam.tcp.next(/^Shipping_Info /)).toBe(`Shipping_Info ${rq} bea 7 Late Lane`);
  expect(sam.tcp.count('SOLD')).toBe(1);
  expect(sam.tcp.connections).toHaveLength(2); // the first for SOLD/INFORM, the second for the outcome
  await t.events.delivered('drum');
  const c = durableClosure(t.dbPath, 'drum')!;
  expect(c).toMatchObject({ state: 'complete', buyer: { delivered: true }, seller: { delivered: true } });
  expect(durable(t.dbPath).transactions).toMatchObject([
    { chargedCents: 3100, creditedCents: 2790, commissionCents: 310 },
  ]);
});

test('a party unreachable until the timeout: CANCEL to the reachable one; the other is retried, given up, and told when it LOGINs', async () => {
  const { t, sam, bea } = await samAndBea({ informTimeoutS: 1 });
  await sam.udp.request('LIST_ITEM 2 desk Oak desk 60.00 600');
  expect(await bea.udp.request('BID 2 desk 60')).toBe('BID_ACCEPTED 2');
  await bea.tcp.stopListening();
  t.advanceClock(CLOSE);
  const req = await sam.tcp.next(/^INFORM_Req /);
  sam.tcp.send(informRes(req, 'sam', SELLER_CARD, FUTURE_EXP, '1 Seller Street'));
  expect(await sam.tcp.next(/^CANCEL /)).toBe(`CANCEL ${req.split(' ')[1]} No payment details from bea within 1 s`);
  // the CANCEL for bea is retried for another --inform-timeout, then recorded as given up
  const gaveUp = await t.events.until(
    'closure',
    (e) => e.item === 'desk' && e.step === 'error' && e.party === 'buyer' && /^gave up: /.test(e.detail ?? ''),
  );
  const c = durableClosure(t.dbPath, 'desk')!;
  expect(c.buyer!.lastError).toBe(gaveUp.detail);
  expect(c).toMatchObject({ state: 'cancelled', seller: { delivered: true } });
  expect(c.buyer!.delivered).toBeFalsy();
  expect(bea.tcp.connections).toHaveLength(0);
  expect(t.server.auction('desk')).toBeUndefined();
  // bea comes back later: its LOGIN still brings it the outcome, at once
  const back = await parties.tcp();
  expect(await bea.udp.request(`LOGIN 3 bea ${SECRET} 127.0.0.1 ${bea.udp.port} ${back.port}`)).toBe(
    'LOGGED_IN 3 buyer',
  );
  expect(await back.next(/^CANCEL /)).toBe(`CANCEL ${req.split(' ')[1]} No payment details from bea within 1 s`);
  expect(back.lines()).toHaveLength(1); // the outcome only, no WINNER
  // the late delivery recorded: nothing is left pending for desk, and its history is archived once (§8)
  const lateDelivery = await t.events.closure('desk', 'delivered', 'buyer');
  const since = t.events.seen.findIndex((e) => e.payload === lateDelivery);
  await t.events.until('archived', (e) => e.item === 'desk', undefined, since); // the closure record's turn
  const { doc, history } = readDurableHistory(t.dbPath);
  expect(Object.values(doc.closures).some((x) => x.item === 'desk')).toBe(false);
  expect(history.filter((r) => r.auction.item === 'desk')).toHaveLength(1);
});

test('a party that accepts and hangs up at once is redialled with growing backoff, not in a tight loop', async () => {
  const { t, sam, bea } = await samAndBea({ informTimeoutS: 2 });
  bea.tcp.hangUpOnAccept = true;
  await sam.udp.request('LIST_ITEM 2 sled Wooden sled 9.00 600');
  expect(await bea.udp.request('BID 2 sled 9')).toBe('BID_ACCEPTED 2');
  t.advanceClock(CLOSE);
  const req = await sam.tcp.next(/^INFORM_Req /);
  sam.tcp.send(informRes(req, 'sam', SELLER_CARD, FUTURE_EXP, '1 Seller Street'));
  expect(await sam.tcp.next(/^CANCEL /)).toBe(`CANCEL ${req.split(' ')[1]} No payment details from bea within 2 s`);
  // dialled at about 0, 0.25, 0.75 and 1.75 s of the 2 s allowed (every 0.25 s would be 8 times)
  expect(bea.tcp.connections.length).toBeGreaterThanOrEqual(3);
  expect(bea.tcp.connections.length).toBeLessThanOrEqual(5);
});
