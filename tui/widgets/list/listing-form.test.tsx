import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup } from 'ink-testing-library';
import { KEYS, waitForFrame, waitForText } from '../../testing/frames.js';
import { buyerAccount, renderApp, sellerAccount, press } from '../../testing/render-app.js';
import type { RenderedApp as App } from '../../testing/render-app.js';

afterEach(() => cleanup());

/** The form's line for a field: `▶ Label  value`. */
function fieldLine(frame: string, label: string): string {
  return frame.split('\n').find((l) => new RegExp(`^│ [▶ ] ${label} `).test(l)) ?? '';
}

async function openForm(app: App): Promise<string> {
  app.online();
  await waitForText(app.lastFrame, 'sam seller');
  await press(app, 'l');
  return waitForText(app.lastFrame, 'List an item');
}

describe('listing form (seller)', () => {
  it('l opens the form; typed fields with Tab between them; Enter sends LIST_ITEM; the row is marked yours', async () => {
    const app = renderApp({ account: sellerAccount() });
    let frame = await openForm(app);
    expect(fieldLine(frame, 'Item name')).toContain('▶');
    expect(frame).toContain('Tab ⇧Tab');
    await press(app, 'lamp');
    await press(app, KEYS.tab);
    await press(app, 'Brass desk lamp');
    await press(app, KEYS.tab);
    await press(app, '12.5');
    await press(app, KEYS.tab);
    await press(app, '5m');
    frame = await waitForText(app.lastFrame, 'Ready: Enter lists it.');
    expect(fieldLine(frame, 'Item name')).toMatch(/lamp ✓/);
    expect(fieldLine(frame, 'Description')).toMatch(/Brass desk lamp ✓/);
    expect(fieldLine(frame, 'Start price')).toMatch(/\$ 12\.5 ✓/);
    expect(frame).toContain('opens at $12.50');
    expect(frame).toContain('5 min · closes about');
    app.stdin.write(KEYS.enter);
    frame = await waitForText(app.lastFrame, '✓ Listed lamp at $12.50, closes in 5 min');
    expect(frame).not.toContain('List an item');
    expect(app.client.calls).toEqual([{ op: 'listItem', args: ['lamp', 'Brass desk lamp', 1250, 300] }]);
    const row = frame.split('\n').find((l) => / lamp /.test(l) && l.includes('$12.50')) ?? '';
    expect(row).toMatch(/yours/);
    // The seller sees bids on it live.
    app.client.emit('push', {
      type: 'BID_UPDATE',
      rq: '40',
      item: 'lamp',
      highestBid: 1300,
      bidder: 'bob',
      timeLeft: 290,
    });
    frame = await waitForText(app.lastFrame, 'bob');
    expect(frame.split('\n').find((l) => / lamp /.test(l) && l.includes('$13.00'))).toMatch(/bob\s+1\s+4:5\d\s+yours/);
  });

  it('takes a whole chunk of keys at once (paste, tmux send-keys): Tab and Enter inside it still work', async () => {
    const app = renderApp({ account: sellerAccount() });
    await openForm(app);
    app.stdin.write('vase\tBlue glass vase\t20\t90s\r');
    await waitForText(app.lastFrame, '✓ Listed vase at $20.00');
    expect(app.client.calls).toEqual([{ op: 'listItem', args: ['vase', 'Blue glass vase', 2000, 90] }]);
  });

  it('the start price is a money field: "$50" or "12,5" is shown as an error and nothing is sent', async () => {
    const app = renderApp({ account: sellerAccount() });
    await openForm(app);
    app.stdin.write('vase\tBlue glass vase\t$50\t90s');
    let frame = await waitForText(app.lastFrame, '✗ Start price must not include a currency sign');
    expect(fieldLine(frame, 'Start price')).toContain('$50');
    await press(app, KEYS.enter); // refused: the cursor goes to the first bad field, the price
    await waitForFrame(app.lastFrame, (f) => fieldLine(f, 'Start price').includes('▶'), 'cursor on the price');
    await press(app, '\x15');
    await press(app, '12,5');
    frame = await waitForText(app.lastFrame, '✗ Start price must not contain a comma');
    await press(app, KEYS.enter);
    expect(app.client.calls).toEqual([]);
    await press(app, '\x15');
    await press(app, '12.5\r');
    await waitForText(app.lastFrame, '✓ Listed vase at $12.50');
    expect(app.client.calls).toEqual([{ op: 'listItem', args: ['vase', 'Blue glass vase', 1250, 90] }]);
  });

  it('reads the duration as typed (90s, 5m, 2h, 1h30m or seconds) and says what it means', async () => {
    const app = renderApp({ account: sellerAccount() });
    await openForm(app);
    app.stdin.write('clock\tWall clock\t30\t');
    await waitForFrame(app.lastFrame, (f) => fieldLine(f, 'Duration').includes('▶'), 'cursor on duration');
    const cases: Array<[string, string]> = [
      ['90', '90 s'],
      ['90s', '90 s'],
      ['5m', '5 min'],
      ['1h30m', '90 min'],
      ['2h', '2 h'],
    ];
    const clear = async () => {
      await press(app, '\x15'); // Ctrl-U clears the field
      await waitForFrame(
        app.lastFrame,
        (f) => /Duration\s+$/.test(fieldLine(f, 'Duration').replace(/│\s*$/, '')),
        'duration cleared',
      );
    };
    for (const [typed, meaning] of cases) {
      await press(app, typed);
      await waitForText(app.lastFrame, `${meaning} · closes about`);
      await clear();
    }
    await press(app, '31d');
    await waitForText(app.lastFrame, '✗ Duration must be from 1 second to 30 days');
    await clear();
    await press(app, '2h');
    app.stdin.write(KEYS.enter);
    await waitForText(app.lastFrame, '✓ Listed clock at $30.00, closes in 2 h');
    expect(app.client.calls).toEqual([{ op: 'listItem', args: ['clock', 'Wall clock', 3000, 7200] }]);
  });

  it('Shift-Tab and ↑/↓ move between fields; Backspace edits', async () => {
    const app = renderApp({ account: sellerAccount() });
    await openForm(app);
    await press(app, '\x1b[Z'); // Shift-Tab wraps to the last field
    let frame = await waitForFrame(app.lastFrame, (f) => fieldLine(f, 'Duration').includes('▶'), 'cursor on duration');
    await press(app, KEYS.up);
    frame = await waitForFrame(app.lastFrame, (f) => fieldLine(f, 'Start price').includes('▶'), 'cursor on price');
    await press(app, '99');
    await press(app, KEYS.backspace);
    frame = await waitForText(app.lastFrame, 'opens at $9.00');
    await press(app, KEYS.down);
    frame = await waitForFrame(app.lastFrame, (f) => fieldLine(f, 'Duration').includes('▶'), 'cursor back on duration');
    expect(fieldLine(frame, 'Start price')).toMatch(/\$ 9 ✓/);
  });

  it('shows each invalid field inline and sends nothing', async () => {
    const app = renderApp({ account: sellerAccount() });
    await openForm(app);
    await press(app, 'a lamp');
    let frame = await waitForText(app.lastFrame, '✗ Name must be 1 to 32 letters, digits, "_", "." or "-"');
    await press(app, KEYS.tab);
    await press(app, KEYS.tab);
    await press(app, '12.505');
    await waitForText(app.lastFrame, '✗ Start price must have at most 2 decimals (cents)');
    await press(app, KEYS.tab);
    await press(app, 'soon');
    await waitForText(app.lastFrame, '✗ Duration must be seconds or like 90s, 5m, 2h');
    // The empty description shows its error once Enter was tried; the cursor goes to the first bad field.
    expect(plainNot(app.lastFrame(), 'Description must')).toBe(true);
    await press(app, KEYS.enter);
    frame = await waitForText(app.lastFrame, '✗ Description must be 1 to 200 characters');
    expect(fieldLine(frame, 'Item name')).toContain('▶');
    expect(frame).toContain('List an item');
    expect(app.client.calls).toEqual([]);
  });

  it('refuses a name already on sale before sending', async () => {
    const app = renderApp({ account: sellerAccount() });
    app.online();
    app.client.emit('push', {
      type: 'AUCTION_ANNOUNCE',
      rq: '3',
      item: 'lamp',
      description: 'Old lamp',
      currentPrice: 500,
      timeLeft: 100,
    });
    await waitForText(app.lastFrame, 'Old lamp');
    await press(app, 'l');
    await waitForText(app.lastFrame, 'List an item');
    app.stdin.write('LAMP\tAnother\t5\t60\r');
    await waitForText(app.lastFrame, '✗ LAMP is already on sale: pick another name');
    expect(app.client.calls).toEqual([]);
  });

  it("shows the server's LIST-DENIED reason in the form; Esc cancels", async () => {
    const app = renderApp({ account: sellerAccount() });
    await openForm(app);
    app.client.answerListItem = () => ({
      ok: true,
      reply: { type: 'LIST-DENIED', rq: '1', reason: 'Item lamp is in use by an unfinished auction' },
    });
    app.stdin.write('lamp\tBrass lamp\t10\t60');
    await waitForText(app.lastFrame, 'Ready: Enter lists it.');
    await press(app, KEYS.enter);
    const frame = await waitForText(app.lastFrame, '✗ Listing denied: Item lamp is in use by an unfinished auction');
    expect(frame).toContain('List an item');
    expect(app.client.calls).toHaveLength(1);
    app.stdin.write(KEYS.escape);
    await waitForFrame(app.lastFrame, (f) => !f.includes('List an item'), 'form closed');
  });

  it('buyers cannot open it: l says why', async () => {
    const app = renderApp({ account: buyerAccount() });
    app.online();
    await waitForText(app.lastFrame, 'alice buyer');
    app.stdin.write('l');
    await waitForText(app.lastFrame, 'Buyers cannot list');
    expect(app.lastFrame()).not.toContain('List an item');
  });

  it('fits 80×24', async () => {
    const app = renderApp({ account: sellerAccount(), columns: 80, rows: 24 });
    const frame = await openForm(app);
    for (const label of ['Item name', 'Description', 'Start price', 'Duration'])
      expect(fieldLine(frame, label)).not.toBe('');
    expect(frame).toContain('Esc cancels');
    expect(Math.max(...frame.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
  });
});

function plainNot(frame: string | undefined, text: string): boolean {
  return !(frame ?? '').includes(text);
}
