// Hostile parties on the purchase's TCP connections (issue 13 part 3): a card number in a stray line
// never reaches a file; a party that sends only blank lines is counted, cancelled, and cannot fill the log.
// The auctions close when the test moves the server's test clock, once the bid is in.
import { statSync } from 'node:fs';
import path from 'node:path';
import { JUNK_LINE_LIMIT } from '../../server/closure/party-link.js';
import { durableClosure, filesBeside, FUTURE_EXP, informRes, lifecycleFixture, SELLER_CARD } from './helpers.js';

const { samAndBea } = lifecycleFixture();

const STRAY_CARD = '4111111111111111';

test('a card number in a stray TCP line is absent from every file (db, change log, log)', async () => {
  const { t, sam, bea } = await samAndBea();
  await sam.udp.request('LIST_ITEM 2 lamp Brass lamp 10.00 600');
  expect(await bea.udp.request('BID 2 lamp 10')).toBe('BID_ACCEPTED 2');
  t.advanceClock(600_000);
  const sellerReq = await sam.tcp.next(/^INFORM_Req /);
  await bea.tcp.next(/^INFORM_Req /);
  // the seller answers, then chatters with a card number (a well-formed line the server ignores) …
  sam.tcp.send(informRes(sellerReq, 'sam', SELLER_CARD, FUTURE_EXP, '1 Seller Street'));
  await t.events.closure('lamp', 'answer', 'seller'); // sam's answer is on disk
  sam.tcp.send(`CANCEL 7 my card is ${STRAY_CARD}`);
  sam.tcp.send(`CANCEL 8 card ${STRAY_CARD.replace(/(\d{4})/g, '$1 ').trim()} again`);
  sam.tcp.send(`${STRAY_CARD} is not even a command`);
  // … and the buyer answers with such a line instead of INFORM_Res: the sale is cancelled
  bea.tcp.send(`CANCEL 7 my card is ${STRAY_CARD}`);
  expect(await bea.tcp.next(/^CANCEL /)).toMatch(/^CANCEL \d+ Buyer bea: expected INFORM_Res, got CANCEL$/);
  await t.events.closure('lamp', 'delivered', 'buyer'); // the CANCEL delivered
  await t.server.stop(); // flushes the log and folds the change log into db.json
  const files = filesBeside(t.dbPath);
  const log = files.find((f) => f.file === 'db.log')!.text;
  expect(log).toContain('my card is ****1111'); // positive control: the stray lines were logged, redacted
  expect(log).toContain('card ****1111 again');
  expect(log).toContain('"****1111 is" (+4 fields');
  for (const { file, text } of files) {
    expect([file, text.includes(STRAY_CARD)]).toEqual([file, false]);
    expect([file, text.includes('4111 1111 1111 1111')]).toEqual([file, false]);
  }
});

test('a party that sends only blank lines is counted against a limit and the sale is cancelled; the log stays small', async () => {
  const { t, sam, bea } = await samAndBea();
  await sam.udp.request('LIST_ITEM 2 sofa Green sofa 10.00 600');
  expect(await bea.udp.request('BID 2 sofa 10')).toBe('BID_ACCEPTED 2');
  t.advanceClock(600_000);
  await sam.tcp.next(/^INFORM_Req /);
  await bea.tcp.next(/^INFORM_Req /);
  // 4 MiB of blank lines, as fast as the socket takes them
  const blank = Buffer.alloc(1 << 20, '\n');
  for (let i = 0; i < 4; i++) bea.tcp.conn!.socket.write(blank);
  expect(await bea.tcp.next(/^CANCEL /)).toMatch(
    new RegExp(`^CANCEL \\d+ Buyer bea: ${JUNK_LINE_LIMIT} lines and no INFORM_Res$`),
  );
  expect(await sam.tcp.next(/^CANCEL /)).toContain(`Buyer bea: ${JUNK_LINE_LIMIT} lines and no INFORM_Res`);
  await t.events.closure('sofa', 'cancel'); // the cancellation is on disk
  expect(durableClosure(t.dbPath, 'sofa')!.state).toBe('cancelled');
  await t.server.stop();
  expect(statSync(path.join(path.dirname(t.dbPath), 'db.log')).size).toBeLessThan(32 * 1024);
});
