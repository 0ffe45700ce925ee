import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup } from 'ink-testing-library';
import type { Push } from '../../../shared/protocol/index.js';
import { NEGOTIATION_ARM_MS } from '../../state/model.js';
import { KEYS, tableRow, waitForFrame, waitForText } from '../../testing/frames.js';
import { renderApp, sellerAccount, T0, press } from '../../testing/render-app.js';
import type { RenderedApp as App } from '../../testing/render-app.js';

afterEach(() => cleanup());

function push(app: App, msg: Push): void {
  app.client.emit('push', msg);
}

/** A seller's lamp at $10.00 listed 60 s ago, now at half time with no bid: the server asks. */
async function asked(app: App, rq = '77'): Promise<string> {
  app.online();
  push(app, {
    type: 'AUCTION_ANNOUNCE',
    rq: '1',
    item: 'lamp',
    description: 'Brass desk lamp',
    currentPrice: 1000,
    timeLeft: 120,
  });
  await waitForText(app.lastFrame, 'Brass desk lamp');
  app.setNow(T0 + 60_000);
  push(app, { type: 'NEGOTIATE_REQ', rq, item: 'lamp', currentPrice: 1000, timeLeft: 60 });
  await waitForText(app.lastFrame, 'Lower the price?');
  // Keys are taken once the prompt has been on screen for a moment, by the store's clock.
  app.setNow(T0 + 60_000 + NEGOTIATION_ARM_MS);
  return waitForText(app.lastFrame, 'Enter lower to this price');
}

describe('negotiation prompt (seller)', () => {
  it('ignores keys for a moment after it pops up (a keystroke meant for something else never answers it)', async () => {
    const app = renderApp({ account: sellerAccount() });
    app.online();
    push(app, {
      type: 'AUCTION_ANNOUNCE',
      rq: '1',
      item: 'lamp',
      description: 'Brass desk lamp',
      currentPrice: 1000,
      timeLeft: 120,
    });
    await waitForText(app.lastFrame, 'Brass desk lamp');
    push(app, { type: 'NEGOTIATE_REQ', rq: '77', item: 'lamp', currentPrice: 1000, timeLeft: 60 });
    const frame = await waitForText(app.lastFrame, 'Lower the price?');
    expect(frame).toContain('keys in a moment');
    app.stdin.write('5');
    app.stdin.write(KEYS.enter);
    app.setNow(T0 + NEGOTIATION_ARM_MS - 1);
    app.stdin.write('5');
    expect(app.lastFrame()).toContain('keys in a moment');
    app.setNow(T0 + NEGOTIATION_ARM_MS);
    await waitForText(app.lastFrame, 'Enter lower to this price');
    expect(app.lastFrame()).toMatch(/New price\s+\$ 9\.00 /);
    expect(app.client.calls).toEqual([]);
  });

  it('a question asked while the listing form is open waits, and never takes the keys typed into the form', async () => {
    const app = renderApp({ account: sellerAccount() });
    app.online();
    push(app, {
      type: 'AUCTION_ANNOUNCE',
      rq: '1',
      item: 'lamp',
      description: 'Brass desk lamp',
      currentPrice: 1000,
      timeLeft: 120,
    });
    await waitForText(app.lastFrame, 'Brass desk lamp');
    await press(app, 'l');
    await waitForText(app.lastFrame, 'List an item');
    push(app, { type: 'NEGOTIATE_REQ', rq: '77', item: 'lamp', currentPrice: 1000, timeLeft: 60 });
    await waitForText(app.lastFrame, 'No bids on lamp at half time');
    // The form keeps the keyboard; its Enter lists, and the keys after it in the same chunk reach the
    // price question only once it is armed: here, never (the clock does not move).
    app.stdin.write('vase\tBlue vase\t20\t5m\r12\r');
    await waitForText(app.lastFrame, '✓ Listed vase at $20.00');
    const frame = await waitForText(app.lastFrame, 'Lower the price?');
    expect(frame).toMatch(/New price\s+\$ 9\.00/);
    expect(app.client.calls.map((c) => c.op)).toEqual(['listItem']);
  });

  it('shows item, price, time left and the 10% lower suggestion; Enter accepts it', async () => {
    const app = renderApp({ account: sellerAccount() });
    let frame = await asked(app);
    expect(frame).toContain('lamp');
    expect(frame).toMatch(/Price\s+\$10\.00/);
    expect(frame).toMatch(/Time left\s+1:00/);
    expect(frame).toMatch(/New price\s+\$ 9\.00/);
    expect(frame).toContain('suggested $9.00 (-10%)');
    expect(frame).toContain('r     keep $10.00');
    expect(tableRow(frame, 'lamp')).toContain('yours');
    const footer = frame.split('\n').filter(Boolean).at(-1) ?? '';
    expect(footer).toMatch(/lower price.*keep price.*answer later/);
    await press(app, KEYS.enter);
    frame = await waitForText(app.lastFrame, '✓ Price of lamp lowered to $9.00');
    expect(frame).not.toContain('Lower the price?');
    expect(tableRow(frame, 'lamp')).toContain('$9.00');
    expect(frame).toContain('Price of lamp lowered to $9.00'); // event log
    expect(app.client.calls).toEqual([{ op: 'accept', args: ['77', 'lamp', 900] }]);
  });

  it('the price can be edited; a price not below the current one is refused before sending', async () => {
    const app = renderApp({ account: sellerAccount() });
    await asked(app);
    for (let i = 0; i < 4; i++) await press(app, KEYS.backspace);
    await press(app, '12');
    await waitForText(app.lastFrame, '$ 12');
    await press(app, KEYS.enter);
    await waitForText(app.lastFrame, '✗ New price must be below $10.00');
    expect(app.client.calls).toEqual([]);
    await press(app, KEYS.backspace);
    await press(app, KEYS.backspace);
    await press(app, '8.5');
    await waitForText(app.lastFrame, '$ 8.5');
    await press(app, KEYS.enter);
    await waitForText(app.lastFrame, '✓ Price of lamp lowered to $8.50');
    expect(app.client.calls).toEqual([{ op: 'accept', args: ['77', 'lamp', 850] }]);
  });

  it('typing replaces the suggestion, like any money field; what is not an amount is refused before sending', async () => {
    const app = renderApp({ account: sellerAccount() });
    await asked(app);
    await press(app, '12,5');
    await waitForText(app.lastFrame, '$ 12,5');
    await press(app, KEYS.enter);
    await waitForText(app.lastFrame, '✗ New price must not contain a comma');
    expect(app.client.calls).toEqual([]);
    await press(app, '\x15');
    await press(app, '4.5\r'); // typed and sent in one chunk
    await waitForText(app.lastFrame, '✓ Price of lamp lowered to $4.50');
    expect(app.client.calls).toEqual([{ op: 'accept', args: ['77', 'lamp', 450] }]);
  });

  it('shows a NEGOTIATE-DENIED reason in the prompt and the event log', async () => {
    const app = renderApp({ account: sellerAccount() });
    await asked(app);
    app.client.answerAccept = () => ({
      ok: true,
      reply: { type: 'NEGOTIATE-DENIED', rq: '77', reason: 'lamp has a bid now' },
    });
    await press(app, KEYS.enter);
    const frame = await waitForText(app.lastFrame, '✗ lamp has a bid now');
    expect(frame).toContain('Lower the price?');
    expect(frame).toContain('Lowering lamp to $9.00 denied: lamp has a bid now');
  });

  it('r refuses (REFUSE) and the prompt closes', async () => {
    const app = renderApp({ account: sellerAccount() });
    await asked(app);
    await press(app, 'r');
    const frame = await waitForText(app.lastFrame, '✓ You kept the price of lamp at $10.00');
    expect(frame).not.toContain('Lower the price?');
    expect(app.client.calls).toEqual([{ op: 'refuse', args: ['77', 'lamp'] }]);
  });

  it('a repeated NEGOTIATE_REQ opens no second prompt; Esc puts it aside and n brings it back', async () => {
    const app = renderApp({ account: sellerAccount() });
    await asked(app);
    await press(app, KEYS.backspace);
    await waitForText(app.lastFrame, '$ 9.0');
    push(app, { type: 'NEGOTIATE_REQ', rq: '77', item: 'lamp', currentPrice: 1000, timeLeft: 58 });
    push(app, { type: 'NEGOTIATE_REQ', rq: '77', item: 'lamp', currentPrice: 1000, timeLeft: 56 });
    await press(app, '5');
    let frame = await waitForText(app.lastFrame, '$ 9.05');
    expect(frame.match(/Lower the price\?/g)).toHaveLength(1);
    expect(frame.match(/No bids on lamp at half time/g)).toHaveLength(1);
    app.stdin.write(KEYS.escape);
    frame = await waitForFrame(app.lastFrame, (f) => !f.includes('Lower the price?'), 'prompt put aside');
    expect(frame).toContain('press n to answer it');
    push(app, { type: 'NEGOTIATE_REQ', rq: '77', item: 'lamp', currentPrice: 1000, timeLeft: 54 });
    frame = await waitForText(app.lastFrame, 'price question');
    expect(frame).not.toContain('Lower the price?');
    await press(app, 'n');
    await waitForText(app.lastFrame, 'Lower the price?');
  });

  it('disappears by itself when the auction closes', async () => {
    const app = renderApp({ account: sellerAccount() });
    await asked(app);
    push(app, { type: 'AUCTION_CLOSED', rq: '90', item: 'lamp', finalPrice: 1000, winner: null });
    const frame = await waitForFrame(app.lastFrame, (f) => !f.includes('Lower the price?'), 'prompt gone');
    expect(frame).toContain('Price question for lamp closed: the auction closed');
    expect(frame).toContain('Brass desk lamp'); // the detail pane is back
    app.stdin.write(KEYS.enter);
    await waitForText(app.lastFrame, 'lamp is closed.');
    expect(app.client.calls).toEqual([]);
  });

  it('disappears when its time has run out (the close was lost)', async () => {
    const app = renderApp({ account: sellerAccount() });
    await asked(app);
    app.setNow(T0 + 60_000 + 62_000);
    await waitForFrame(app.lastFrame, (f) => !f.includes('Lower the price?'), 'prompt gone');
  });

  it('fits 80×24', async () => {
    const app = renderApp({ account: sellerAccount(), columns: 80, rows: 24 });
    const frame = await asked(app);
    expect(frame).toMatch(/New price\s+\$ 9\.00/);
    expect(frame).toContain('Enter lower to this price');
    expect(Math.max(...frame.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });
});
