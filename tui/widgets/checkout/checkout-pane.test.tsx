// The checkout pane, end to end inside the App (real store, commands and bridge; a scripted client and
// a scripted TCP conversation): every outcome of PROTOCOL.md §7, the card masking, the inline checks.
import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup } from 'ink-testing-library';
import type { NonOffer, Sold, Winner } from '../../../shared/protocol/index.js';
import { FakeCheckout } from '../../testing/fake-checkout.js';
import { KEYS, plain, waitForFrame, waitForText } from '../../testing/frames.js';
import { buyerAccount, renderApp, sellerAccount, T0, press } from '../../testing/render-app.js';
import type { RenderedApp as App } from '../../testing/render-app.js';

afterEach(() => cleanup());

const CARD = '4111111111111111';
const winner = (item = 'lamp', rq = '77'): Winner => ({ type: 'WINNER', rq, item, finalPrice: 1250, seller: 'sam' });
const sold = (item = 'lamp', rq = '78'): Sold => ({ type: 'SOLD', rq, item, finalPrice: 1250, buyer: 'alice' });
const nonOffer = (item = 'lamp', rq = '79'): NonOffer => ({ type: 'NON_OFFER', rq, item });

/** Opens a checkout and has the server ask (INFORM_Req); waits for the form. */
async function openAndAsk(app: App, opening: Winner | Sold): Promise<FakeCheckout> {
  const co = new FakeCheckout(opening, app.client).start();
  await waitForText(app.lastFrame, `Checkout · ${opening.item}`);
  co.ask();
  await waitForText(app.lastFrame, 'left to answer');
  return co;
}

/** Fills the form from its first focus (the card): card, expiry, address; the name is prefilled. */
async function fill(
  app: App,
  { card = CARD, expiry = '1230', address = '12 Buyer Road, Springfield' } = {},
): Promise<void> {
  await press(app, card);
  await waitForText(app.lastFrame, card.slice(-4));
  await press(app, KEYS.tab);
  await press(app, expiry);
  await waitForText(app.lastFrame, `${expiry.slice(0, 2)}/${expiry.slice(2)}`);
  await press(app, KEYS.tab);
  if (address) {
    await press(app, address);
    await waitForText(app.lastFrame, address);
  }
}

/** Once sent, the card is gone: no later frame shows it (only its last four), and the store never had it. */
function cardGoneAfterSending(app: App, sentAt: number, card = CARD): void {
  const grouped = card.replace(/(.{4})(?=.)/g, '$1 ');
  for (const f of app.frames.slice(sentAt).map(plain)) {
    expect(f).not.toContain(card);
    expect(f).not.toContain(grouped);
    expect(f).not.toContain(grouped.slice(0, 9));
  }
  // Nor is it in the store (state, event log, status line), ever.
  expect(JSON.stringify(app.store.getSnapshot())).not.toContain(card);
}

describe('checkout pane: buyer', () => {
  it('opens with a bell on WINNER + INFORM_Req, sends INFORM_Res on Enter, and shows PURCHASE_COMPLETE', async () => {
    const app = renderApp({ account: buyerAccount('alice') });
    app.online();
    const co = await openAndAsk(app, winner());
    expect(app.bells()).toBe(1);
    let frame = plain(app.lastFrame());
    expect(frame).toContain('You won lamp for $12.50 · seller sam');
    expect(frame).toContain('⏱ 2:00 left to answer');
    expect(frame).toContain("estimated: the server's default --inform-timeout 120 s, counted from the INFORM_Req at");
    expect(frame).toMatch(/Name\s+alice/);
    await fill(app);
    frame = await waitForText(app.lastFrame, '12 Buyer Road, Springfield');
    expect(frame).toContain('4111 1111 1111 1111'); // in groups of four while typed, so a wrong digit can be found
    expect(frame).toContain('✓ Luhn check passes');
    const sentAt = app.frames.length;
    await press(app, KEYS.enter);
    frame = await waitForText(app.lastFrame, 'Details sent');
    expect(frame).toContain('card •••• 1111');
    expect(co.sent).toEqual([
      { rq: '77', name: 'alice', card: CARD, expiry: '12/30', address: '12 Buyer Road, Springfield' },
    ]);
    co.receive({ type: 'PURCHASE_COMPLETE', rq: '77', item: 'lamp', finalPrice: 1250 });
    frame = await waitForText(app.lastFrame, 'PURCHASE COMPLETE');
    expect(frame).toContain('lamp is yours for $12.50, charged to card •••• 1111.');
    expect(frame).toContain('Purchase of lamp complete');
    cardGoneAfterSending(app, sentAt);
    // Closing it brings the market back.
    await press(app, KEYS.enter);
    await waitForFrame(app.lastFrame, (f) => !f.includes('Checkout · lamp'), 'pane closed');
  });

  it('once the sale is decided, q quits from the pane (nothing is left to type)', async () => {
    const app = renderApp({ account: buyerAccount('alice') });
    app.online();
    const co = await openAndAsk(app, winner());
    await press(app, 'q'); // while the form is open, q is just a letter (here: dropped by the card field)
    expect(app.quits()).toBe(0);
    await fill(app);
    await waitForText(app.lastFrame, '12 Buyer Road, Springfield');
    await press(app, KEYS.enter);
    await waitForText(app.lastFrame, 'Details sent');
    co.receive({ type: 'PURCHASE_COMPLETE', rq: '77', item: 'lamp', finalPrice: 1250 });
    const frame = await waitForText(app.lastFrame, 'PURCHASE COMPLETE');
    expect(frame).toMatch(/q\s+quit/);
    app.stdin.write('q');
    await waitForFrame(
      () => String(app.quits()),
      (n) => n === '1',
      'the quit',
    );
  });

  it('counts down from the INFORM_Req; at zero says time is up; a CANCEL after the timeout shows its reason', async () => {
    const app = renderApp({ account: buyerAccount('alice') });
    app.online();
    await openAndAsk(app, winner());
    app.setNow(T0 + 61_000);
    await waitForText(app.lastFrame, '⏱ 0:59 left to answer');
    app.setNow(T0 + 120_000);
    let frame = await waitForText(app.lastFrame, '⏱ 0:00 time is up');
    expect(frame).toContain('the server cancels the sale');
    const co = app.client.checkouts[0] as FakeCheckout;
    co.receive({ type: 'CANCEL', rq: '77', reason: 'No payment details from alice within 120 s' });
    frame = await waitForText(app.lastFrame, 'SALE CANCELLED');
    expect(frame).toContain('No payment details from alice within 120 s');
    expect(co.sent).toEqual([]);
  });

  it('with --inform-timeout the countdown is exact (no estimate)', async () => {
    const app = renderApp({ account: buyerAccount('alice') });
    app.online();
    app.store.dispatch({ type: 'checkoutConfig', informTimeoutS: 60 });
    await openAndAsk(app, winner());
    const frame = plain(app.lastFrame());
    expect(frame).toContain('⏱ 1:00 left to answer');
    expect(frame).toContain('--inform-timeout 60 s, counted from the INFORM_Req at');
    expect(frame).not.toContain('estimated');
  });

  it('shows CANCEL with its reason after the details were sent', async () => {
    const app = renderApp({ account: buyerAccount('alice') });
    app.online();
    const co = await openAndAsk(app, winner());
    await fill(app);
    await press(app, KEYS.enter);
    await waitForText(app.lastFrame, 'Details sent');
    co.receive({ type: 'CANCEL', rq: '77', reason: 'Seller sam: CC_Exp_Date has expired' });
    const frame = await waitForText(app.lastFrame, 'SALE CANCELLED');
    expect(frame).toContain('Seller sam: CC_Exp_Date has expired');
    expect(frame).toContain('Sale of lamp cancelled: Seller sam: CC_Exp_Date has expired');
  });
});

describe('checkout pane: seller', () => {
  it('SOLD: sends the details and shows Shipping_Info with the buyer and the address', async () => {
    const app = renderApp({ account: sellerAccount('sam') });
    app.online();
    app.store.dispatch({ type: 'checkoutConfig', address: '9 Seller Lane' });
    const co = await openAndAsk(app, sold());
    let frame = plain(app.lastFrame());
    expect(frame).toContain('You sold lamp for $12.50 · buyer alice');
    expect(frame).toContain('9 Seller Lane'); // remembered address prefilled
    await fill(app, { card: '5555555555554444', address: '' });
    const sentAt = app.frames.length;
    await press(app, KEYS.enter);
    await waitForText(app.lastFrame, 'Details sent');
    expect(co.sent[0]).toMatchObject({ name: 'sam', expiry: '12/30', address: '9 Seller Lane' });
    co.receive({ type: 'Shipping_Info', rq: '78', buyer: 'alice', address: '12 Buyer Road, Springfield' });
    frame = await waitForText(app.lastFrame, 'SHIPPING INFO');
    expect(frame).toContain('Ship lamp to alice, 12 Buyer Road, Springfield');
    expect(frame).toContain('Credit to card •••• 4444: $11.25 (90% of $12.50');
    cardGoneAfterSending(app, sentAt, '5555555555554444');
  });

  it('NON_OFFER: says nothing sold; r relists with the same name, description, start price and duration', async () => {
    const app = renderApp({ account: sellerAccount('sam') });
    app.online();
    app.client.emit('push', {
      type: 'AUCTION_ANNOUNCE',
      rq: '5',
      item: 'lamp',
      description: 'Brass desk lamp',
      currentPrice: 1000,
      timeLeft: 8,
    });
    await waitForText(app.lastFrame, 'lamp');
    new FakeCheckout(nonOffer(), app.client).start();
    let frame = await waitForText(app.lastFrame, 'closed with no bid: nothing sold');
    expect(app.bells()).toBe(1);
    expect(frame).toContain('r relists it: LIST_ITEM lamp "Brass desk lamp" at $10.00 for 8 s');
    await press(app, 'r');
    frame = await waitForText(app.lastFrame, '✓ Relisted lamp');
    expect(app.client.calls.filter((c) => c.op === 'listItem').map((c) => c.args)).toEqual([
      ['lamp', 'Brass desk lamp', 1000, 8],
    ]);
  });

  it('NON_OFFER for a listing not seen here: r asks for the details, Enter lists', async () => {
    const app = renderApp({ account: sellerAccount('sam') });
    app.online();
    new FakeCheckout(nonOffer('vase'), app.client).start();
    await waitForText(app.lastFrame, 'asks for what is not known here');
    await press(app, 'r');
    await waitForText(app.lastFrame, 'Relist vase: what is not known here is asked for.');
    await press(app, 'Blue vase');
    await press(app, KEYS.tab);
    await press(app, '7.5');
    await press(app, KEYS.tab);
    await press(app, 'x');
    await press(app, KEYS.enter);
    await waitForText(app.lastFrame, '✗ Duration must be seconds or like 90s, 5m, 2h');
    expect(app.client.calls.filter((c) => c.op === 'listItem')).toEqual([]);
    await press(app, KEYS.backspace);
    await press(app, '2m');
    await press(app, KEYS.enter);
    await waitForText(app.lastFrame, '✓ Relisted vase');
    expect(app.client.calls.filter((c) => c.op === 'listItem').map((c) => c.args)).toEqual([
      ['vase', 'Blue vase', 750, 120],
    ]);
  });
});

describe('checkout pane: the card and the inline checks', () => {
  it('shows the card in groups of four as it is typed, and only its last four digits once sent', async () => {
    const app = renderApp({ account: buyerAccount('alice') });
    app.online();
    const co = await openAndAsk(app, winner());
    for (const digit of CARD.slice(0, 6)) await press(app, digit);
    let frame = await waitForText(app.lastFrame, '4111 11');
    expect(frame).not.toContain('Luhn');
    await press(app, CARD.slice(6)); // the rest in one chunk (a paste)
    frame = await waitForText(app.lastFrame, '4111 1111 1111 1111');
    expect(frame).toContain('✓ Luhn check passes');
    // A letter is refused, and the field says why; spaces typed between groups are fine.
    await press(app, KEYS.backspace);
    await press(app, ' x');
    frame = await waitForText(app.lastFrame, 'digits only');
    expect(frame).toContain('4111 1111 1111 111');
    await press(app, '1');
    await press(app, KEYS.tab);
    await press(app, '1230');
    await press(app, KEYS.tab);
    await press(app, '1 Main St');
    const sentAt = app.frames.length;
    await press(app, KEYS.enter);
    frame = await waitForText(app.lastFrame, 'Details sent');
    expect(frame).toContain('card •••• 1111');
    expect(co.sent).toHaveLength(1);
    cardGoneAfterSending(app, sentAt);
  });

  it('takes the expiry as MM/YY or MM/YYYY and sends MM/YY', async () => {
    const app = renderApp({ account: buyerAccount('alice') });
    app.online();
    const co = await openAndAsk(app, winner());
    await fill(app, { expiry: '1230', address: '1 Main St' });
    // Back to the expiry: clear it and type the four-digit year (the slash comes by itself).
    await press(app, KEYS.up);
    await press(app, '\x15');
    await press(app, '122030');
    let frame = await waitForText(app.lastFrame, '12/2030');
    expect(frame).not.toContain('✗ Expiry');
    await press(app, KEYS.enter);
    frame = await waitForText(app.lastFrame, 'Details sent');
    expect(co.sent[0]).toMatchObject({ card: CARD, expiry: '12/30' });
    // 12/2020 is expired (not cut to 12/20 and misread).
    const app2 = renderApp({ account: buyerAccount('alice') });
    app2.online();
    await openAndAsk(app2, winner('vase', '88'));
    await fill(app2, { expiry: '122020', address: '1 Main St' });
    frame = await waitForText(app2.lastFrame, '✗ Expiry has expired');
    expect(frame).toContain('12/2020');
  });

  it('a card failing Luhn or an expired date is flagged inline and blocks sending', async () => {
    const app = renderApp({ account: buyerAccount('alice') });
    app.online();
    const co = await openAndAsk(app, winner());
    await fill(app, { card: '4111111111111112', expiry: '0120', address: '1 Main St' });
    let frame = plain(app.lastFrame());
    expect(frame).toContain('✗ Card number fails the Luhn check');
    expect(frame).toContain('✗ Expiry has expired');
    await press(app, KEYS.enter);
    frame = await waitForText(app.lastFrame, '✗ Not sent: Card number fails the Luhn check');
    expect(co.sent).toEqual([]);
    // Fix the card (the cursor went to it): the expiry still blocks.
    await press(app, KEYS.backspace);
    await press(app, '1');
    await waitForText(app.lastFrame, '✓ Luhn check passes');
    await press(app, KEYS.enter);
    await waitForText(app.lastFrame, '✗ Not sent: Expiry has expired');
    expect(co.sent).toEqual([]);
    for (let i = 0; i < 4; i++) await press(app, KEYS.backspace);
    await press(app, '1230');
    await press(app, KEYS.enter);
    await waitForText(app.lastFrame, 'Details sent');
    expect(co.sent).toHaveLength(1);
    expect(co.sent[0]).toMatchObject({ card: CARD, expiry: '12/30' });
  });

  it('an empty address blocks sending', async () => {
    const app = renderApp({ account: buyerAccount('alice') });
    app.online();
    const co = await openAndAsk(app, winner());
    await fill(app, { address: '' });
    await press(app, KEYS.enter);
    await waitForText(app.lastFrame, '✗ Address is needed');
    expect(co.sent).toEqual([]);
  });
});

describe('checkout pane: small terminal', () => {
  it('fits 80×24: the summary, the countdown, every field and the keys show', async () => {
    const app = renderApp({ account: buyerAccount('alice'), columns: 80, rows: 24 });
    app.online();
    await openAndAsk(app, winner());
    const frame = plain(app.lastFrame());
    for (const text of [
      'You won lamp for $12.50',
      '⏱ 2:00 left to answer',
      'Name',
      'Card',
      'Expiry',
      'Address',
      '⏎ send',
      'Esc minimize',
    ]) {
      expect(frame).toContain(text);
    }
    expect(Math.max(...frame.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
    if (process.env.SHOW_FRAME) process.stdout.write(`${frame}\n`);
  });
});

describe('checkout pane: never lost behind another prompt', () => {
  it('waits behind an open bid prompt (badge), opens when it closes; Esc minimizes and c reopens', async () => {
    const app = renderApp({ account: buyerAccount('alice') });
    app.online();
    app.client.emit('push', {
      type: 'AUCTION_ANNOUNCE',
      rq: '6',
      item: 'vase',
      description: 'Vase',
      currentPrice: 500,
      timeLeft: 100,
    });
    await waitForText(app.lastFrame, 'vase');
    await press(app, 'b');
    await waitForText(app.lastFrame, 'BID vase');
    const co = new FakeCheckout(winner(), app.client).start();
    co.ask();
    let frame = await waitForText(app.lastFrame, '⚑ CHECKOUT lamp 2:00 · c');
    expect(frame).toContain('BID vase'); // the prompt keeps the keyboard
    await press(app, KEYS.backspace);
    await waitForText(app.lastFrame, '$ 5.0 ');
    await press(app, KEYS.escape);
    frame = await waitForText(app.lastFrame, 'Checkout · lamp');
    expect(frame).not.toContain('⚑ CHECKOUT');
    // Esc minimizes: the conversation stays open, the badge counts down, c brings it back.
    await press(app, KEYS.escape);
    frame = await waitForText(app.lastFrame, '⚑ CHECKOUT lamp');
    expect(frame).not.toContain('Checkout · lamp');
    expect(frame).toMatch(/ c .?checkout/);
    await press(app, 'c');
    await waitForText(app.lastFrame, 'Checkout · lamp');
    await fill(app);
    await press(app, KEYS.enter);
    await waitForText(app.lastFrame, 'Details sent');
    expect(co.sent).toHaveLength(1);
  });

  it('a second checkout waits behind the first', async () => {
    const app = renderApp({ account: sellerAccount('sam') });
    app.online();
    const first = await openAndAsk(app, sold('lamp', '80'));
    new FakeCheckout(nonOffer('vase', '81'), app.client).start();
    await waitForText(app.lastFrame, '+1 more checkout waiting');
    first.receive({ type: 'CANCEL', rq: '80', reason: 'Buyer alice: no answer' });
    await waitForText(app.lastFrame, 'SALE CANCELLED');
    await press(app, KEYS.enter);
    await waitForText(app.lastFrame, 'Checkout · vase');
    expect(app.bells()).toBe(2);
  });
});
