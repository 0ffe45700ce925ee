// §7 "Card numbers are never written to disk or logs in full: last four digits only." Every file the
// server writes (db.json, the change-log segments db.json.wal.*, the log db.log, the history archive
// db.json.history/*.jsonl) is searched for the full card numbers of a completed sale and of cancelled
// ones, while it runs and after it stops.
import {
  BAD_LUHN_CARD,
  BUYER_CARD,
  durableClosure,
  eventually,
  filesBeside,
  FUTURE_EXP,
  informRes,
  lifecycleFixture,
  PAST_EXP,
  SELLER_CARD,
} from './helpers.js';

const AMEX = '378282246310005'; // Luhn-valid, sent in an INFORM_Res that is missing a field
const EXPIRED_CARD = '6011111111111117'; // Luhn-valid, sent with an expired date
const CARDS = [BUYER_CARD, SELLER_CARD, BAD_LUHN_CARD, AMEX, EXPIRED_CARD];

const { parties, samAndBea } = lifecycleFixture();

function leaks(dbPath: string): string[] {
  const found: string[] = [];
  for (const { file, text } of filesBeside(dbPath)) {
    for (const card of CARDS) if (text.includes(card)) found.push(`${file} contains ${card}`);
  }
  return found;
}

test('no full card number in db.json, the change log or the log file', async () => {
  const { t, sam, bea } = await samAndBea();
  const bob = await parties.register(t.server, 'bob', 'buyer');
  const cy = await parties.register(t.server, 'cy', 'buyer');
  for (const [rq, item] of [
    [2, 'lamp'],
    [3, 'vase'],
    [4, 'pen'],
  ] as const)
    await sam.udp.request(`LIST_ITEM ${rq} ${item} Thing 1.00 600`);
  expect(await bea.udp.request('BID 2 lamp 2')).toBe('BID_ACCEPTED 2');
  expect(await bob.udp.request('BID 2 vase 2')).toBe('BID_ACCEPTED 2');
  expect(await cy.udp.request('BID 2 pen 2')).toBe('BID_ACCEPTED 2');
  t.advanceClock(600_000); // all three close now

  // lamp: a completed sale; vase: a buyer's malformed answer; pen: an expired card and a bad Luhn
  const sellerReqs = new Map<string, string>();
  for (let i = 0; i < 3; i++) {
    const req = await sam.tcp.next(/^INFORM_Req /);
    sellerReqs.set(req.split(' ')[2], req);
    if (req.split(' ')[2] === 'pen') sam.tcp.send(informRes(req, 'sam', BAD_LUHN_CARD, FUTURE_EXP, '1 Seller Street'));
    else sam.tcp.send(informRes(req, 'sam', SELLER_CARD, FUTURE_EXP, '1 Seller Street'));
  }
  bea.tcp.send(informRes(await bea.tcp.next(/^INFORM_Req /), 'bea', BUYER_CARD, FUTURE_EXP, '2 Buyer Road'));
  bob.tcp.send(`INFORM_Res ${(await bob.tcp.next(/^INFORM_Req /)).split(' ')[1]} bob ${AMEX}`);
  cy.tcp.send(informRes(await cy.tcp.next(/^INFORM_Req /), 'cy', EXPIRED_CARD, PAST_EXP, '3 Cy Street'));
  await bea.tcp.next(/^PURCHASE_COMPLETE /);
  expect(await bob.tcp.next(/^CANCEL /)).toMatch(/^CANCEL \d+ Buyer bob: invalid INFORM_Res/);
  await cy.tcp.next(/^CANCEL /);
  for (const item of ['lamp', 'vase', 'pen']) await t.events.delivered(item);
  expect(['lamp', 'vase', 'pen'].map((item) => durableClosure(t.dbPath, item)?.state)).toEqual([
    'complete',
    'cancelled',
    'cancelled',
  ]);
  // the log is written asynchronously: wait until it has the last outcome, then search, while running
  await eventually(
    () =>
      filesBeside(t.dbPath)
        .find((f) => f.file === 'db.log')
        ?.text.includes('tcp>  buyer:cy'),
    'the log to catch up',
  );
  const running = filesBeside(t.dbPath);
  expect(running.map((f) => f.file)).toEqual(
    expect.arrayContaining(['db.json', 'db.log', expect.stringMatching(/^db\.json\.wal\.\d+$/)]),
  );
  // positive control: the last four digits are recorded, so these are the files that hold the sale
  expect(
    running
      .filter((f) => f.file.startsWith('db.json.wal.'))
      .map((f) => f.text)
      .join(''),
  ).toContain('"buyerCardLast4":"4242"');
  expect(running.find((f) => f.file === 'db.log')!.text).toContain('****4242');
  expect(leaks(t.dbPath)).toEqual([]);

  // after a clean stop (the change log folded into db.json; the ended sales in the archive, §8)
  await t.server.stop();
  const stopped = filesBeside(t.dbPath);
  expect(stopped.find((f) => f.file === 'db.json')!.text).not.toContain('"item":"lamp"');
  expect(
    stopped
      .filter((f) => f.file.startsWith('db.json.history/'))
      .map((f) => f.text)
      .join(''),
  ).toContain('"buyerCardLast4":"4242"');
  expect(leaks(t.dbPath)).toEqual([]);
});
