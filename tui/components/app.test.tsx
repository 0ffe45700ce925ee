import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup } from 'ink-testing-library';
import type { Push } from '../../shared/protocol/index.js';
import { KEYS, plain, tableRow, tableRow as rowOf, waitForFrame, waitForText } from '../testing/frames.js';
import { detailWidth } from '../app.js';
import { FakeCheckout } from '../testing/fake-checkout.js';
import { buyerAccount, renderApp, sellerAccount, T0, press } from '../testing/render-app.js';

afterEach(() => cleanup());

let rq = 1;
function announce(
  app: ReturnType<typeof renderApp>,
  item: string,
  price: number,
  timeLeft: number,
  description = `Fine ${item}`,
) {
  app.client.emit('push', {
    type: 'AUCTION_ANNOUNCE',
    rq: String(rq++),
    item,
    description,
    currentPrice: price,
    timeLeft,
  });
}

function push(app: ReturnType<typeof renderApp>, msg: Push) {
  app.client.emit('push', msg);
}

describe('auctions table', () => {
  it('while a large catalog arrives page by page, the table and the footer say how much has come', async () => {
    const app = renderApp();
    app.online();
    app.client.emit('catalog-progress', { received: 3200, total: 10_000 });
    const frame = await waitForText(app.lastFrame, 'loading 3,200 of 10,000');
    expect(frame).toContain('Loading the catalog: 3,200 of 10,000 auctions…');
    app.client.emit('catalog', [
      { item: 'lamp', description: 'A lamp', currentPrice: 1250, timeLeft: 125, seller: 'sam', bids: 2, leader: 'bob' },
    ]);
    const done = await waitForText(app.lastFrame, '1 open');
    expect(done).not.toContain('loading');
    expect(rowOf(done, 'lamp')).toMatch(/\$12\.50.*bob\s+2\s+2:05/);
  });

  it('shows every open auction with price, leader, bids, time left and your standing', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1250, 125);
    announce(app, 'vase', 500, 45);
    push(app, { type: 'BID_UPDATE', rq: '50', item: 'vase', highestBid: 700, bidder: 'alice', timeLeft: 45 });
    push(app, { type: 'BID_UPDATE', rq: '51', item: 'lamp', highestBid: 1300, bidder: 'bob', timeLeft: 125 });
    const frame = await waitForText(app.lastFrame, 'bob');
    // Ending soonest first; vase leads with our bid, lamp has bob's.
    // (Row lines: the detail pane's title names the selected lamp, the first to arrive, higher up.)
    expect(frame.indexOf(rowOf(frame, 'vase'))).toBeLessThan(frame.indexOf(rowOf(frame, 'lamp')));
    expect(rowOf(frame, 'vase')).toMatch(/\$7\.00.*alice\s+1\s+45s\s+you lead/);
    expect(rowOf(frame, 'lamp')).toMatch(/\$13\.00.*bob\s+1\s+2:05/);
    expect(frame).toContain('ONLINE'.toLowerCase());
    expect(frame).toContain('alice buyer');
  });

  it('counts down from the clock and marks the outbid row', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 70);
    push(app, { type: 'BID_UPDATE', rq: '60', item: 'lamp', highestBid: 1000, bidder: 'alice', timeLeft: 70 });
    await waitForText(app.lastFrame, 'you lead');
    app.setNow(T0 + 15_000);
    push(app, { type: 'BID_UPDATE', rq: '61', item: 'lamp', highestBid: 1100, bidder: 'bob', timeLeft: 55 });
    const frame = await waitForText(app.lastFrame, 'outbid');
    expect(rowOf(frame, 'lamp')).toMatch(/\$11\.00.*bob\s+2\s+55s\s+outbid/);
    app.setNow(T0 + 15_000 + 50_000);
    expect(rowOf(await waitForText(app.lastFrame, ' 5s '), 'lamp')).toContain(' 5s ');
  });

  it('moves the selection with j/k and the arrows, and the detail pane follows', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'apple', 100, 100, 'Crisp red apple');
    announce(app, 'banana', 200, 200, 'Ripe banana');
    let frame = await waitForText(app.lastFrame, 'Crisp red apple');
    expect(rowOf(frame, 'apple')).toContain('▶');
    app.stdin.write('j');
    frame = await waitForText(app.lastFrame, 'Ripe banana');
    expect(rowOf(frame, 'banana')).toContain('▶');
    app.stdin.write(KEYS.up);
    await waitForText(app.lastFrame, 'Crisp red apple');
  });

  it('jjj in one chunk moves three rows; G and g jump to the ends', async () => {
    const app = renderApp();
    app.online();
    for (const [i, item] of ['a1', 'a2', 'a3', 'a4', 'a5'].entries()) announce(app, item, 100, 100 + i * 10);
    let frame = await waitForText(app.lastFrame, 'a5');
    expect(rowOf(frame, 'a1')).toContain('▶');
    app.stdin.write('jjj');
    frame = await waitForFrame(app.lastFrame, (f) => rowOf(f, 'a4').includes('▶'), 'a4 selected');
    app.stdin.write('G');
    frame = await waitForFrame(app.lastFrame, (f) => rowOf(f, 'a5').includes('▶'), 'a5 selected');
    app.stdin.write('kkg');
    await waitForFrame(app.lastFrame, (f) => rowOf(f, 'a1').includes('▶'), 'a1 selected');
  });

  it('says how to start a server when none answers', async () => {
    const app = renderApp();
    app.client.emit('connection', { state: 'offline', rttMs: null });
    const frame = await waitForText(app.lastFrame, 'npm run server');
    expect(frame).toContain('No auction server answers at 127.0.0.1:5000');
    app.online();
    announce(app, 'lamp', 1000, 100);
    await waitForFrame(app.lastFrame, (f) => !f.includes('npm run server') && f.includes('lamp'), 'market back');
  });
});

describe('bid input', () => {
  it('b opens the prompt prefilled with the minimum; Enter sends; the result shows', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    push(app, { type: 'BID_UPDATE', rq: '70', item: 'lamp', highestBid: 1250, bidder: 'bob', timeLeft: 100 });
    await waitForText(app.lastFrame, 'bob');
    app.stdin.write('b');
    let frame = await waitForText(app.lastFrame, 'BID lamp');
    expect(frame).toContain('12.51');
    expect(frame).toContain('min $12.51');
    // Server refuses once: the reason stays next to the input.
    app.client.answerBid = () => ({
      ok: true,
      reply: { type: 'BID_REJECTED', rq: '1', reason: 'Auction lamp is closing' },
    });
    app.stdin.write(KEYS.enter);
    frame = await waitForText(app.lastFrame, '✗ Auction lamp is closing');
    expect(frame).toContain('BID lamp');
    // Edit the amount: clear it and type 13.
    for (let i = 0; i < 5; i++) await press(app, KEYS.backspace);
    app.stdin.write('13');
    await waitForText(app.lastFrame, '$ 13');
    app.client.answerBid = () => ({ ok: true, reply: { type: 'BID_ACCEPTED', rq: '2' } });
    app.stdin.write(KEYS.enter);
    frame = await waitForText(app.lastFrame, '✓ Bid $13.00 on lamp accepted');
    expect(frame).not.toContain('BID lamp');
    expect(rowOf(frame, 'lamp')).toMatch(/\$13\.00.*alice.*you lead/);
    expect(app.client.calls.filter((c) => c.op === 'bid').map((c) => c.args)).toEqual([
      ['lamp', 1251],
      ['lamp', 1300],
    ]);
  });

  it('refuses an amount below the minimum without sending it; Esc cancels', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    await waitForText(app.lastFrame, 'lamp');
    app.stdin.write(KEYS.enter);
    await waitForText(app.lastFrame, 'BID lamp');
    for (let i = 0; i < 5; i++) await press(app, KEYS.backspace);
    app.stdin.write('9');
    await waitForText(app.lastFrame, '$ 9');
    app.stdin.write(KEYS.enter);
    await waitForText(app.lastFrame, 'bid at least $10.00');
    expect(app.client.calls).toEqual([]);
    app.stdin.write(KEYS.escape);
    await waitForFrame(app.lastFrame, (f) => !f.includes('BID lamp'), 'prompt closed');
  });

  it('typing replaces the prefilled minimum; a third decimal is shown as an error and sends nothing; Ctrl-U clears', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 4000, 100);
    await waitForText(app.lastFrame, 'lamp');
    app.stdin.write('b');
    await waitForText(app.lastFrame, '$ 40.00');
    await press(app, '4');
    await waitForText(app.lastFrame, '$ 4 ');
    await press(app, '5.505'); // a pasted chunk: kept as typed, and the problem named
    let frame = await waitForText(app.lastFrame, '$ 45.505');
    expect(frame).toContain('✗ Amount must have at most 2 decimals (cents)');
    await press(app, KEYS.enter);
    expect(app.client.calls).toEqual([]);
    await press(app, '\x15'); // Ctrl-U
    frame = await waitForFrame(app.lastFrame, (f) => /\$ {2}/.test(f) && !f.includes('45.50'), 'the amount cleared');
    await press(app, '47');
    app.stdin.write(KEYS.enter);
    await waitForText(app.lastFrame, '✓ Bid $47.00 on lamp accepted');
    expect(app.client.calls.filter((c) => c.op === 'bid').map((c) => c.args)).toEqual([['lamp', 4700]]);
  });

  it.each([
    ['12,5', 'Amount must not contain a comma'],
    ['1e3', 'Amount must not use an exponent'],
    ['-5', 'Amount must not have a sign'],
    ['$50', 'Amount must not include a currency sign'],
    ['46.123', 'Amount must have at most 2 decimals'],
  ])('money is exact: %j shows "%s" and nothing is sent', async (typed, error) => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    await waitForText(app.lastFrame, 'lamp');
    await press(app, 'b');
    await press(app, typed);
    let frame = await waitForText(app.lastFrame, `$ ${typed}`);
    expect(frame).toContain(`✗ ${error}`);
    await press(app, KEYS.enter);
    frame = await waitForText(app.lastFrame, `✗ ${error}`);
    expect(frame).toContain('BID lamp');
    expect(app.client.calls).toEqual([]);
  });

  it.each([
    ['in one chunk', ['12345678901234567890']],
    ['key by key', [...'12345678901234567890']],
  ])('19.4: 20 digits typed %s are kept and refused, never cut; Enter sends nothing', async (_how, keys) => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    await waitForText(app.lastFrame, 'lamp');
    await press(app, 'b');
    for (const k of keys) await press(app, k);
    let frame = await waitForText(app.lastFrame, '$ 12345678901234567890');
    expect(frame).toContain('✗ Amount must be at most $1,000,000,000.00');
    await press(app, KEYS.enter);
    frame = await waitForText(app.lastFrame, '✗ Amount must be at most $1,000,000,000.00');
    expect(frame).toContain('BID lamp');
    expect(app.client.calls).toEqual([]);
  });

  it.each([
    ['0', '✗ Amount must be more than $0.00'],
    ['20.', '✗ Amount must have cents after the dot (12.50), or no dot'],
    ['9.99', '✗ bid at least $10.00'],
  ])('19.4: %j is flagged as you type, before Enter', async (typed, error) => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    await waitForText(app.lastFrame, 'lamp');
    await press(app, 'b');
    await press(app, typed);
    const frame = await waitForText(app.lastFrame, `$ ${typed}`);
    expect(frame).toContain(error);
    expect(app.client.calls).toEqual([]);
  });

  it('a chunk that opens the prompt, types and sends works as if typed key by key', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    announce(app, 'vase', 1000, 200);
    await waitForText(app.lastFrame, 'vase');
    app.stdin.write('jb12.5\r');
    await waitForText(app.lastFrame, '✓ Bid $12.50 on vase accepted');
    expect(app.client.calls).toEqual([{ op: 'bid', args: ['vase', 1250] }]);
  });

  it('a bid prompt the auction outlived closes by itself', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    await waitForText(app.lastFrame, 'lamp');
    app.stdin.write('b');
    await waitForText(app.lastFrame, 'BID lamp');
    push(app, { type: 'AUCTION_CLOSED', rq: '90', item: 'lamp', finalPrice: 1000, winner: null });
    const frame = await waitForText(app.lastFrame, 'lamp has closed: bidding is over');
    expect(frame).not.toContain('BID lamp');
    expect(frame).not.toContain('min $0.00');
  });

  it('Esc j in one chunk closes the bid prompt and then moves the selection; the next Enter sends nothing', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    announce(app, 'vase', 1000, 200);
    await waitForText(app.lastFrame, 'vase');
    await press(app, 'b');
    await waitForText(app.lastFrame, 'BID lamp');
    await press(app, '\x1bj');
    await waitForFrame(app.lastFrame, (f) => !f.includes('BID lamp'), 'the prompt closed');
    // Enter in the market opens the prompt again, on the row j moved to.
    await press(app, KEYS.enter);
    await waitForText(app.lastFrame, 'BID vase');
    expect(app.client.calls).toEqual([]);
  });

  it('Esc Enter in one chunk cancels the bid: the Enter opens a fresh prompt and sends nothing', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    await waitForText(app.lastFrame, 'lamp');
    await press(app, 'b');
    await press(app, '12');
    await waitForText(app.lastFrame, '$ 12');
    await press(app, '\x1b\r');
    // A fresh prompt: the minimum prefilled again, not the 12 typed before Esc.
    await waitForText(app.lastFrame, '$ 10.00');
    expect(app.client.calls).toEqual([]);
  });

  it('Esc + in one chunk closes the prompt, then + bids the minimum as typed', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    await waitForText(app.lastFrame, 'lamp');
    await press(app, 'b');
    await waitForText(app.lastFrame, 'BID lamp');
    await press(app, '\x1b+');
    await waitForText(app.lastFrame, '✓ Bid $10.00 on lamp accepted');
    expect(app.client.calls).toEqual([{ op: 'bid', args: ['lamp', 1000] }]);
  });

  it('Esc 2 in one chunk clears the filter and then shows the watchlist', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'apple', 100, 100);
    announce(app, 'banana', 100, 200);
    await waitForText(app.lastFrame, 'banana');
    await press(app, '/ban\r');
    await waitForText(app.lastFrame, 'filter "ban"');
    await press(app, '\x1b2');
    const frame = await waitForText(app.lastFrame, 'Nothing on your watchlist');
    expect(frame).not.toContain('filter "ban"');
  });

  it('19.2: the selected row that closes stays selected after its linger; + then bids on nothing', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    announce(app, 'vase', 1000, 200);
    announce(app, 'bowl', 1000, 300);
    await waitForText(app.lastFrame, 'bowl');
    await press(app, 'j');
    await waitForFrame(app.lastFrame, (f) => rowOf(f, 'vase').startsWith('│ ▶'), 'vase selected');
    push(app, { type: 'AUCTION_CLOSED', rq: '91', item: 'vase', finalPrice: 1000, winner: null });
    app.setNow(T0 + 9000); // past the linger: an unselected closed row would be gone
    announce(app, 'aardvark', 1000, 20); // and a row arrives above
    const frame = await waitForText(app.lastFrame, 'aardvark');
    expect(rowOf(frame, 'vase')).toMatch(/^│ ▶.*closed/);
    await press(app, '+');
    await waitForText(app.lastFrame, 'vase is closed');
    expect(app.client.calls).toEqual([]);
    // The user moves: k goes to the row above vase's place, and vase goes.
    await press(app, 'k');
    const after = await waitForFrame(app.lastFrame, (f) => rowOf(f, 'vase') === '', 'vase gone');
    expect(rowOf(after, 'bowl')).toMatch(/^│ ▶/);
  });

  it.each([
    ['in one chunk', ['b400\r']],
    ['key by key', ['b', '4', '0', '0', '\r']],
  ])('19.2: b on a closed lot, then an amount typed %s: the digits do not act as commands', async (_how, keys) => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    announce(app, 'vase', 1000, 200);
    await waitForText(app.lastFrame, 'vase');
    push(app, { type: 'AUCTION_CLOSED', rq: '92', item: 'lamp', finalPrice: 1000, winner: null });
    await waitForFrame(app.lastFrame, (f) => rowOf(f, 'lamp').includes('closed'), 'lamp closed');
    // Each write is its own input event; dropped keys draw nothing, so wait on a key that does (k).
    for (const k of keys) app.stdin.write(k);
    await press(app, 'k');
    // lamp sorts below the open vase now: k moved up to vase, in the "all" view, no prompt, nothing sent.
    const frame = await waitForFrame(app.lastFrame, (f) => rowOf(f, 'vase').startsWith('│ ▶'), 'k moved to vase');
    expect(frame).toContain('lamp is closed');
    expect(frame).not.toContain('my wins');
    expect(frame).not.toContain('BID ');
    expect(app.client.calls).toEqual([]);
    // A key that is no amount ended the moment: 3 shows my bids at once.
    await press(app, '3');
    await waitForText(app.lastFrame, 'my bids');
  });

  it.each([
    ['key by key', ['+', 'n']],
    ['in one chunk', ['+n']],
    ['a double +', ['++']],
  ])('19.3: + where you lead asks first; no (%s) sends nothing; y raises', async (_how, keys) => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    push(app, { type: 'BID_UPDATE', rq: '71', item: 'lamp', highestBid: 1500, bidder: 'alice', timeLeft: 100 });
    await waitForFrame(app.lastFrame, (f) => rowOf(f, 'lamp').includes('you lead'), 'you lead');
    await press(app, keys[0]);
    if (keys.length > 1) {
      const asked = await waitForText(app.lastFrame, 'you lead at $15.00 — raise your own bid to $15.01?');
      expect(asked).toContain('y raise');
      for (const k of keys.slice(1)) await press(app, k);
    }
    await waitForFrame(app.lastFrame, (f) => !f.includes('raise your own bid'), 'the question gone');
    expect(app.client.calls).toEqual([]);
    await press(app, '+');
    await waitForText(app.lastFrame, 'raise your own bid to $15.01?');
    await press(app, 'y');
    await waitForText(app.lastFrame, '✓ Bid $15.01 on lamp accepted');
    expect(app.client.calls).toEqual([{ op: 'bid', args: ['lamp', 1501] }]);
  });

  it.each([
    ['placed', { type: 'BID_ACCEPTED', rq: '555' }, 'Bid $10.00 on lamp was placed (the answer came late)'],
    [
      'not placed',
      { type: 'BID_REJECTED', rq: '555', reason: 'Auction lamp is closed' },
      'Bid $10.00 on lamp was not placed: Auction lamp is closed',
    ],
  ] as const)(
    '19.5: a bid the server never answered is "no answer", then found out (%s) with the same RQ#',
    async (_what, late, text) => {
      const app = renderApp();
      app.online();
      announce(app, 'lamp', 1000, 100);
      await waitForText(app.lastFrame, 'lamp');
      let resend: (() => void) | null = null;
      app.client.answerBid = (_item, _cents, rq) =>
        rq === undefined
          ? { ok: false, timeout: true, rq: '555' }
          : new Promise((resolve) => {
              resend = () => resolve({ ok: true, reply: late });
            });
      await press(app, 'b');
      await press(app, KEYS.enter);
      const frame = await waitForText(app.lastFrame, 'no answer — it may or may not have been placed');
      expect(frame).not.toMatch(/rejected/);
      expect(frame).not.toContain('BID lamp'); // the prompt went: Enter again would be a second bid
      await waitForFrame(
        () => String(resend !== null),
        (v) => v === 'true',
        'the resend',
      );
      expect(app.client.calls).toEqual([
        { op: 'bid', args: ['lamp', 1000] },
        { op: 'bid', args: ['lamp', 1000, '555'] },
      ]);
      resend!();
      await waitForText(app.lastFrame, text);
    },
  );

  it('+ bids the minimum at once', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    await waitForText(app.lastFrame, 'lamp');
    app.stdin.write('+');
    await waitForText(app.lastFrame, '✓ Bid $10.00 on lamp accepted');
    expect(app.client.calls).toEqual([{ op: 'bid', args: ['lamp', 1000] }]);
  });

  it('s subscribes and marks the row; s again unsubscribes', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    await waitForText(app.lastFrame, 'lamp');
    app.stdin.write('s');
    let frame = await waitForText(app.lastFrame, 'Subscribed to lamp');
    expect(rowOf(frame, 'lamp')).toContain('★');
    app.stdin.write('s');
    frame = await waitForText(app.lastFrame, 'Unsubscribed from lamp');
    expect(rowOf(frame, 'lamp')).not.toContain('★');
  });

  it('/ filters the table by name', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'apple', 100, 100);
    announce(app, 'banana', 100, 200);
    await waitForText(app.lastFrame, 'banana');
    app.stdin.write('/');
    await waitForText(app.lastFrame, 'FILTER');
    app.stdin.write('ban');
    let frame = await waitForText(app.lastFrame, '1 match');
    expect(rowOf(frame, 'apple')).toBe('');
    app.stdin.write(KEYS.enter);
    frame = await waitForText(app.lastFrame, 'filter "ban"');
    app.stdin.write(KEYS.escape);
    frame = await waitForFrame(app.lastFrame, (f) => rowOf(f, 'apple') !== '', 'filter cleared');
  });
});

describe('sort, filter and matches (issue 19.10)', () => {
  const selectedRow = (f: string) => f.split('\n').find((l) => l.startsWith('│ ▶')) ?? '';

  it('o and O keep the selected auction selected; O reverses the order and says so', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'apple', 500, 300);
    announce(app, 'banana', 2000, 100);
    announce(app, 'cherry', 900, 200);
    await waitForText(app.lastFrame, 'cherry');
    await press(app, 'gj'); // cherry: the second to end
    await waitForFrame(app.lastFrame, (f) => selectedRow(f).includes('cherry'), 'cherry selected');
    const lines = (f: string) => f.split('\n');
    const order = (f: string) =>
      ['apple', 'banana', 'cherry']
        .sort((a, b) => lines(f).indexOf(rowOf(f, a)) - lines(f).indexOf(rowOf(f, b)))
        .join(' ');
    await press(app, 'O');
    let frame = await waitForText(app.lastFrame, 'Auctions · ending latest');
    expect(order(frame)).toBe('apple cherry banana');
    expect(selectedRow(frame)).toContain('cherry');
    await press(app, 'o');
    frame = await waitForText(app.lastFrame, 'Auctions · price');
    expect(order(frame)).toBe('banana cherry apple');
    await press(app, 'O');
    frame = await waitForText(app.lastFrame, 'Auctions · price, lowest first');
    expect(order(frame)).toBe('apple cherry banana');
    expect(selectedRow(frame)).toContain('cherry');
    expect(frame).toMatch(/O reverse/);
  });

  it('/ matches names only unless Tab (or d:) adds the descriptions; the title and the prompt say the same count', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 100, 100, 'A brass lamp');
    announce(app, 'brass-bell', 100, 200, 'A bell');
    announce(app, 'vase', 100, 300, 'A glass vase');
    await waitForText(app.lastFrame, 'vase');
    await press(app, '/');
    await press(app, 'brass');
    let frame = await waitForFrame(app.lastFrame, (f) => rowOf(f, 'lamp') === '' && f.includes('1 match '), '1 match');
    expect(rowOf(frame, 'brass-bell')).not.toBe('');
    expect(frame).toMatch(/filter "brass".*1 match ╮/);
    await press(app, KEYS.tab);
    frame = await waitForText(app.lastFrame, 'd:brass');
    frame = await waitForFrame(app.lastFrame, (f) => rowOf(f, 'lamp') !== '', 'the lamp by its description');
    expect(frame).toMatch(/2 matches · names \+ descriptions/);
    expect(frame).toMatch(/filter "d:brass".*2 matches ╮/);
    expect(rowOf(frame, 'vase')).toBe('');
  });

  it('a click selects the row under it, the wheel moves the selection; neither acts while a prompt is open', async () => {
    const app = renderApp();
    app.online();
    for (const [i, item] of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].entries()) announce(app, item, 100, 100 + i * 10);
    await waitForText(app.lastFrame, 'a6');
    await press(app, 'g');
    // Screen row 4 is the table's first row: row 6 is the third (a3).
    app.stdin.write('\x1b[<0;10;6M');
    app.stdin.write('\x1b[<0;10;6m');
    await waitForFrame(app.lastFrame, (f) => selectedRow(f).includes('a3'), 'the click selects a3');
    await press(app, '\x1b[<65;10;6M');
    await waitForFrame(app.lastFrame, (f) => selectedRow(f).includes('a6'), 'the wheel moves three down');
    await press(app, '\x1b[<64;10;6M');
    await waitForFrame(app.lastFrame, (f) => selectedRow(f).includes('a3'), 'and three up');
    // With the bid prompt open a click moves nothing, and types nothing into the amount.
    await press(app, 'b');
    await waitForText(app.lastFrame, 'BID a3');
    app.stdin.write('\x1b[<0;10;4M');
    await press(app, '5');
    const frame = await waitForText(app.lastFrame, '$ 5');
    expect(selectedRow(frame)).toContain('a3');
    expect(frame).not.toMatch(/\[<0/);
    expect(app.client.calls).toEqual([]);
  });

  it('n and N go to the next and previous match, round the ends', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp-a', 100, 100);
    announce(app, 'vase', 100, 150);
    announce(app, 'lamp-b', 100, 200);
    announce(app, 'lamp-c', 100, 300);
    await waitForText(app.lastFrame, 'lamp-c');
    await press(app, '/lamp\r');
    await waitForText(app.lastFrame, 'filter "lamp"');
    await waitForFrame(app.lastFrame, (f) => selectedRow(f).includes('lamp-a'), 'the first match');
    await press(app, 'n');
    await waitForFrame(app.lastFrame, (f) => selectedRow(f).includes('lamp-b'), 'n: the next');
    await press(app, 'nn');
    await waitForFrame(app.lastFrame, (f) => selectedRow(f).includes('lamp-a'), 'n past the last: the first');
    await press(app, 'N');
    const frame = await waitForFrame(app.lastFrame, (f) => selectedRow(f).includes('lamp-c'), 'N: the last');
    expect(frame).toMatch(/n N next\/prev match/);
    expect(app.client.calls).toEqual([]);
  });
});

describe('spectator mode', () => {
  it('hides every account action and says watch only', async () => {
    const app = renderApp({ account: { kind: 'spectator' } });
    app.online();
    announce(app, 'lamp', 1000, 100);
    const frame = await waitForText(app.lastFrame, 'lamp');
    expect(frame).toContain('SPECTATOR');
    const footer = frame.split('\n').filter(Boolean).at(-1) ?? '';
    expect(footer).toContain('select');
    expect(footer).not.toContain('bid');
    expect(footer).not.toContain('subscribe');
    expect(frame).not.toContain('Min bid');
    expect(frame).not.toContain('YOU ');
    app.stdin.write('b');
    await waitForText(app.lastFrame, 'watch only. Start without --spectate');
    app.stdin.write('+');
    app.stdin.write('s');
    expect(app.client.calls).toEqual([]);
  });
});

describe('small terminal and resize', () => {
  it('asks to enlarge below 80×24 and comes back when large enough', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    await waitForText(app.lastFrame, 'lamp');
    app.resize(70, 20);
    let frame = await waitForText(app.lastFrame, 'Please enlarge the terminal');
    expect(frame).toContain('It is 70×20');
    expect(frame).not.toContain('lamp');
    app.resize(80, 24);
    frame = await waitForText(app.lastFrame, 'lamp');
    // Every line fits in 80 columns.
    expect(Math.max(...frame.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
  });

  it('q quits from the small-terminal screen', async () => {
    const app = renderApp({ columns: 60, rows: 20 });
    await waitForText(app.lastFrame, 'Please enlarge');
    app.stdin.write('q');
    await waitForFrame(
      () => String(app.quits()),
      (n) => n === '1',
      'quit',
    );
  });
});

describe('help', () => {
  it('? opens help with the keys for this user; Esc closes it', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    await waitForText(app.lastFrame, 'lamp');
    app.stdin.write('?');
    const frame = await waitForText(app.lastFrame, 'Legend');
    expect(frame).toContain('bid minimum');
    expect(frame).toContain('under ten seconds left');
    app.stdin.write(KEYS.escape);
    await waitForFrame(app.lastFrame, (f) => !f.includes('Legend') && f.includes('lamp'), 'help closed');
  });

  it('q quits from the market', async () => {
    const app = renderApp();
    app.stdin.write('q');
    await waitForFrame(
      () => String(app.quits()),
      (n) => n === '1',
      'quit',
    );
  });
});

describe('register form', () => {
  it('registers with the typed name and chosen role, then logs in', async () => {
    const app = renderApp({ account: { kind: 'unregistered', pending: false, error: null } });
    app.online();
    await waitForText(app.lastFrame, 'Create your account');
    app.client.answerRegister = () => ({
      ok: true,
      reply: { type: 'REGISTER-DENIED', rq: '1', reason: 'Name carol is taken' },
    });
    app.stdin.write('carol');
    await waitForText(app.lastFrame, 'carol');
    await press(app, KEYS.tab);
    app.stdin.write(KEYS.right);
    await waitForText(app.lastFrame, '(•) seller');
    app.stdin.write(KEYS.enter);
    await waitForText(app.lastFrame, '✗ Name carol is taken');
    app.client.answerRegister = () => ({ ok: true, reply: { type: 'REGISTERED', rq: '2' } });
    await press(app, KEYS.tab);
    app.stdin.write('x');
    await waitForText(app.lastFrame, 'carolx');
    app.stdin.write(KEYS.enter);
    const frame = await waitForText(app.lastFrame, 'Logged in as carolx (seller)');
    expect(frame).toContain('carolx seller');
    expect(app.client.calls.map((c) => c.op)).toEqual(['register', 'register', 'login']);
    expect(app.client.calls[1].args[0]).toMatchObject({ name: 'carolx', role: 'seller', secret: 'S'.repeat(32) });
  });

  it('19.6: a sign-up the server did not answer is sent again by itself once the server answers', async () => {
    const app = renderApp({ account: { kind: 'unregistered', pending: false, error: null } });
    app.online();
    await waitForText(app.lastFrame, 'Create your account');
    app.client.answerRegister = () => {
      app.client.emit('connection', { state: 'offline', rttMs: null }); // as the core does on silence
      return { ok: false, timeout: true, rq: '7' };
    };
    await press(app, 'dora');
    await press(app, KEYS.enter);
    await waitForText(app.lastFrame, 'the server did not answer: registering again as soon as it answers');
    expect(app.client.calls.map((c) => c.op)).toEqual(['register']);
    app.client.answerRegister = () => ({ ok: true, reply: { type: 'REGISTERED', rq: '8' } });
    app.online();
    await waitForText(app.lastFrame, 'Logged in as dora (buyer)');
    expect(app.client.calls.map((c) => c.op)).toEqual(['register', 'register', 'login']);
    // The same secret both times: a first REGISTER that did arrive made the name ours.
    expect(app.client.calls[1].args[0]).toEqual(app.client.calls[0].args[0]);
  });

  it('19.6: a resent sign-up that finds the name taken by our own first one logs in with our secret', async () => {
    const app = renderApp({ account: { kind: 'unregistered', pending: false, error: null } });
    app.online();
    await waitForText(app.lastFrame, 'Create your account');
    let first = true;
    app.client.answerRegister = () => {
      if (!first)
        return { ok: true, reply: { type: 'REGISTER-DENIED', rq: '9', reason: 'Name dora is already taken' } };
      first = false;
      app.client.emit('connection', { state: 'offline', rttMs: null });
      return { ok: false, timeout: true, rq: '7' };
    };
    await press(app, 'dora');
    await press(app, KEYS.enter);
    await waitForText(app.lastFrame, 'registering again as soon as it answers');
    app.online();
    await waitForText(app.lastFrame, 'Logged in as dora (buyer)');
    expect(app.client.calls.map((c) => c.op)).toEqual(['register', 'register', 'login', 'login']);
  });

  it('refuses a bad name before sending', async () => {
    const app = renderApp({ account: { kind: 'unregistered', pending: false, error: null } });
    await waitForText(app.lastFrame, 'Create your account');
    app.stdin.write('a/b');
    await waitForText(app.lastFrame, 'a/b');
    app.stdin.write(KEYS.enter);
    await waitForText(app.lastFrame, 'Name must be 1 to 32 letters');
    expect(app.client.calls).toEqual([]);
  });
});

it('plain() strips colours', () => {
  expect(plain('\x1b[31mred\x1b[39m')).toBe('red');
  expect(buyerAccount().kind).toBe('account');
});

describe('confirmations', () => {
  it('a bid of 3× the price or more asks for y first; n goes back to the amount; y sends it', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 6200, 100);
    await waitForText(app.lastFrame, 'lamp');
    await press(app, 'b');
    await press(app, '1900\r');
    let frame = await waitForText(app.lastFrame, '$1,900.00?');
    expect(frame).toContain('⚠ 31× the current price $62.00');
    expect(app.client.calls).toEqual([]);
    app.stdin.write(KEYS.enter); // Enter is not an answer: a double Enter sends nothing
    await press(app, 'n');
    frame = await waitForText(app.lastFrame, '$ 1900');
    expect(frame).not.toContain('$1,900.00?');
    await press(app, '\r');
    await waitForText(app.lastFrame, '$1,900.00?');
    await press(app, 'y');
    await waitForText(app.lastFrame, '✓ Bid $1,900.00 on lamp accepted');
    expect(app.client.calls).toEqual([{ op: 'bid', args: ['lamp', 190_000] }]);
  });

  it('a bid $1,000 above the price asks too; an ordinary raise does not; --no-confirm never asks', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'car', 900_000, 100);
    await waitForText(app.lastFrame, 'car');
    await press(app, 'b');
    await press(app, '9500\r'); // $500 above $9,000 and 1.06×: sent at once
    await waitForText(app.lastFrame, '✓ Bid $9,500.00 on car accepted');
    await press(app, 'b');
    await press(app, '10500\r');
    await waitForText(app.lastFrame, '⚠ $1,000.00 above the current price $9,500.00');
    await press(app, KEYS.escape);
    await press(app, KEYS.escape);
    app.store.dispatch({ type: 'settings', settings: { confirm: false } });
    await press(app, 'b');
    await press(app, '50000\r');
    await waitForText(app.lastFrame, '✓ Bid $50,000.00 on car accepted');
    expect(app.client.calls.map((c) => c.args[1])).toEqual([950_000, 5_000_000]);
  });

  it('q with a checkout waiting asks and stays; any key keeps the app; Ctrl-C twice quits', async () => {
    const app = renderApp();
    app.online();
    const co = new FakeCheckout(
      { type: 'WINNER', rq: '77', item: 'lamp', finalPrice: 1250, seller: 'sam' },
      app.client,
    );
    co.start();
    co.ask();
    await waitForText(app.lastFrame, 'Checkout · lamp');
    await press(app, KEYS.escape); // minimized: the market has the keyboard, the badge counts down
    await waitForText(app.lastFrame, '⚑ CHECKOUT lamp');
    await press(app, 'q');
    let frame = await waitForText(app.lastFrame, 'QUIT?');
    expect(frame).toContain('The checkout of lamp waits for your details (2:00 left)');
    expect(app.quits()).toBe(0);
    await press(app, 'x');
    frame = await waitForFrame(app.lastFrame, (f) => !f.includes('QUIT?'), 'the question gone');
    expect(app.quits()).toBe(0);
    await press(app, '\x03');
    await waitForText(app.lastFrame, 'QUIT?');
    app.stdin.write('\x03');
    await waitForFrame(
      () => String(app.quits()),
      (n) => n === '1',
      'the quit',
    );
  });

  it('Ctrl-C with a listing half typed asks; y quits', async () => {
    const app = renderApp({ account: sellerAccount() });
    app.online();
    await waitForText(app.lastFrame, 'sam seller');
    await press(app, 'l');
    await press(app, 'lamp');
    await press(app, '\x03');
    await waitForText(app.lastFrame, 'The listing form is half filled');
    app.stdin.write('y');
    await waitForFrame(
      () => String(app.quits()),
      (n) => n === '1',
      'the quit',
    );
  });
});

describe('session moved', () => {
  it('says "logged in from another terminal", stops, and L takes the session back', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 100);
    await waitForText(app.lastFrame, 'lamp');
    app.client.identity = { name: 'alice', role: 'buyer', secret: 'x'.repeat(20) };
    app.client.answerBid = () => {
      app.client.emit('sessionMoved', { name: 'alice' });
      return {
        ok: true,
        reply: { type: 'BID_REJECTED', rq: '1', reason: 'Not registered: REGISTER or LOGIN from this address first' },
      };
    };
    await press(app, '+');
    let frame = await waitForText(app.lastFrame, 'alice logged in from another terminal');
    expect(frame).toContain('alice buyer (logged in elsewhere · L)');
    expect(frame).toContain(
      'Bid $10.00 on lamp rejected: alice logged in from another terminal (L takes the session back here)',
    );
    expect(frame).not.toContain('REGISTER or LOGIN');
    expect(app.bells()).toBe(1);
    // Nothing more is sent on its own; a bid key says why.
    await press(app, '+');
    await waitForText(app.lastFrame, 'press L to take the session back here');
    expect(app.client.calls.map((c) => c.op)).toEqual(['bid']);
    await press(app, 'L');
    frame = await waitForText(app.lastFrame, 'Logged in as alice here again');
    expect(frame).not.toContain('logged in from another terminal ·');
    expect(app.client.calls.map((c) => c.op)).toEqual(['bid', 'takeSession']);
  });
});

describe('views, sort and alerts', () => {
  it('o cycles the sort (shown in the title); 3 shows my bids, 2 the watchlist, 1 all', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'apple', 500, 300);
    announce(app, 'banana', 2000, 100);
    announce(app, 'cherry', 900, 200);
    push(app, { type: 'BID_UPDATE', rq: '80', item: 'cherry', highestBid: 1000, bidder: 'alice', timeLeft: 200 });
    let frame = await waitForFrame(app.lastFrame, (f) => rowOf(f, 'cherry').includes('you lead'), 'the rows');
    expect(frame).toContain('Auctions · ending soonest');
    const lines = (f: string) => f.split('\n');
    const order = (f: string) =>
      ['apple', 'banana', 'cherry']
        .sort((a, b) => lines(f).indexOf(rowOf(f, a)) - lines(f).indexOf(rowOf(f, b)))
        .join(' ');
    expect(order(frame)).toBe('banana cherry apple');
    await press(app, 'o');
    frame = await waitForText(app.lastFrame, 'Auctions · price');
    expect(order(frame)).toBe('banana cherry apple');
    await press(app, 'o');
    frame = await waitForText(app.lastFrame, 'Auctions · bids');
    expect(order(frame)).toBe('cherry banana apple');
    await press(app, 'o');
    frame = await waitForText(app.lastFrame, 'Auctions · name');
    expect(order(frame)).toBe('apple banana cherry');
    await press(app, '3');
    frame = await waitForText(app.lastFrame, 'my bids · name');
    expect(rowOf(frame, 'cherry')).toContain('you lead');
    expect(rowOf(frame, 'apple')).toBe('');
    expect(rowOf(frame, 'banana')).toBe('');
    await press(app, '2');
    frame = await waitForText(app.lastFrame, 'Nothing on your watchlist');
    await press(app, '1');
    frame = await waitForText(app.lastFrame, 'Auctions · name');
    expect(rowOf(frame, 'apple')).not.toBe('');
  });

  it('rings the bell and logs when outbid, and when a watched or leading auction enters its last minute', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 120);
    announce(app, 'vase', 1000, 90);
    push(app, { type: 'BID_UPDATE', rq: '81', item: 'lamp', highestBid: 1000, bidder: 'alice', timeLeft: 120 });
    await waitForText(app.lastFrame, 'You lead lamp');
    expect(app.bells()).toBe(0);
    push(app, { type: 'BID_UPDATE', rq: '82', item: 'lamp', highestBid: 1100, bidder: 'bob', timeLeft: 119 });
    await waitForText(app.lastFrame, 'Outbid on lamp');
    expect(app.bells()).toBe(1);
    push(app, { type: 'BID_UPDATE', rq: '83', item: 'lamp', highestBid: 1200, bidder: 'alice', timeLeft: 118 });
    await waitForText(app.lastFrame, 'You lead lamp at $12.00');
    await press(app, 'g'); // vase, ending first
    await press(app, 's');
    await waitForText(app.lastFrame, 'Subscribed to vase');
    app.setNow(T0 + 31_000); // vase: 59 s left, watched
    let frame = await waitForText(app.lastFrame, 'vase closes in under a minute: at $10.00');
    expect(app.bells()).toBe(2);
    app.setNow(T0 + 61_000); // lamp: 59 s left, leading
    frame = await waitForText(app.lastFrame, 'lamp closes in under a minute: you lead at $12.00');
    expect(app.bells()).toBe(3);
    app.setNow(T0 + 62_000); // once each
    expect(app.bells()).toBe(3);
    expect(frame.match(/closes in under a minute/g)).toHaveLength(2);
    // Under ten seconds the time left carries a mark, not only a colour.
    app.setNow(T0 + 112_000); // lamp closes at T0 + 118 s (its last BID_UPDATE said 118 s left)
    frame = await waitForText(app.lastFrame, '⚠ 6s');
    expect(rowOf(frame, 'lamp')).toContain('⚠ 6s');
  });
});

describe('layout', () => {
  it('at 80×24 the high bidder column and the ? and q hints stay', async () => {
    const app = renderApp({ columns: 80, rows: 24 });
    app.online();
    announce(app, 'typewriter', 13500, 400);
    push(app, { type: 'BID_UPDATE', rq: '84', item: 'typewriter', highestBid: 14000, bidder: 'bob', timeLeft: 400 });
    const frame = await waitForText(app.lastFrame, 'bob');
    expect(rowOf(frame, 'typewriter')).toMatch(/\$140\.00.\s+bob\s+1\s/);
    const footer = frame.split('\n').filter(Boolean).at(-1) ?? '';
    expect(footer).toMatch(/\? help/);
    expect(footer).toMatch(/q quit/);
    expect(Math.max(...frame.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });

  it('at 80×24 no two columns touch and no price is cut, in the table or the bid history (issue 19.9)', async () => {
    const app = renderApp({ columns: 80, rows: 24 });
    app.online();
    app.client.emit('catalog', [
      {
        item: 'rolex-datejust-1601',
        description: 'A watch',
        currentPrice: 600000,
        timeLeft: 300,
        bids: 3,
        leader: 'carol',
      },
      {
        item: 'lamp',
        description: 'A lamp',
        currentPrice: 1250,
        timeLeft: 125,
        seller: 'sam',
        bids: 17,
        leader: 'bob',
      },
    ]);
    await waitForText(app.lastFrame, 'rolex');
    push(app, {
      type: 'BID_UPDATE',
      rq: '86',
      item: 'rolex-datejust-1601',
      highestBid: 687501,
      bidder: 'bob',
      timeLeft: 300,
    });
    push(app, { type: 'AUCTION_CLOSED', rq: '87', item: 'lamp', finalPrice: 1250, winner: 'bob' });
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('$6,875.01') && f.includes('closed'), 'both');
    const table = frame
      .split('\n')
      .filter((l) => l.startsWith('│ '))
      .map((l) => l.slice(0, l.indexOf('╮') + 1 || l.indexOf('││')));
    const rolex = table.find((l) => l.includes('rolex')) ?? '';
    expect(rolex).toMatch(/rolex-\S*…? +\$6,875\.01. bob/);
    expect(tableRow(frame, 'lamp')).toMatch(/\$12\.50 +bob +17 closed/);
    // Nothing runs into a price, and no price ends in an ellipsis, anywhere on the screen.
    expect(frame).not.toMatch(/[^\s│(]\$\d/);
    expect(frame).not.toMatch(/\$[\d,.]*…/);
    // The bid history of the rolex shows the whole price.
    await press(app, 'k');
    expect(await waitForText(app.lastFrame, 'Bid history')).toMatch(/│ \$6,875\.01 bob +│/);
  });

  it('a status such as "you lead · max $150.00" does not move any column of the table (issue 19.9)', async () => {
    for (const columns of [80, 120]) {
      const app = renderApp({ columns, rows: 30 });
      app.online();
      announce(app, 'lamp', 10000, 300);
      announce(app, 'vase', 12000, 400);
      const before = await waitForText(app.lastFrame, 'vase');
      await press(app, 'm');
      await waitForText(app.lastFrame, 'MAX BID lamp');
      app.client.maxPrice = 10000;
      await press(app, '150\r');
      const after = await waitForText(app.lastFrame, 'Maximum $150.00 on lamp set');
      const lines = (f: string) => f.split('\n').filter((l) => /^│ +(ITEM|[▶ ][★ ] vase)/.test(l));
      expect(lines(after).map((l) => l.slice(0, columns - detailWidth(columns)))).toEqual(
        lines(before).map((l) => l.slice(0, columns - detailWidth(columns))),
      );
      expect(tableRow(after, 'lamp')).toContain(columns === 80 ? 'you lead' : 'you lead · max $150.00');
      cleanup();
    }
  });

  it('at 80×24 the detail pane drops spacing and the chart rather than draw lines over each other', async () => {
    const app = renderApp({ columns: 80, rows: 24 });
    app.online();
    announce(app, 'duck', 3200, 400, 'A box of 42 rubber ducks, assorted colours');
    push(app, { type: 'BID_UPDATE', rq: '85', item: 'duck', highestBid: 3300, bidder: 'alice', timeLeft: 400 });
    const frame = await waitForText(app.lastFrame, 'You      lead');
    const pane = frame.split('\n').map((l) => l.slice(l.lastIndexOf('││') + 3, -1).trimEnd());
    expect(pane).toEqual(
      expect.arrayContaining([
        'A box of 42 rubber …',
        'Start    $32.00',
        'Leader   alice',
        // Not "You      lead · you…" cut at the pane's edge: the bid goes on a line of its own (19.9).
        'You      lead',
        'Your bid $33.00',
        'Min bid  $33.01',
      ]),
    );
    expect(frame).not.toContain('Chart');
  });

  it('a wide terminal shows the description in the table', async () => {
    const app = renderApp({ columns: 200, rows: 50 });
    app.online();
    announce(app, 'typewriter', 13500, 400, 'Olivetti Lettera 32 portable typewriter, new ribbon');
    const frame = await waitForText(app.lastFrame, 'DESCRIPTION');
    expect(rowOf(frame, 'typewriter')).toContain('Olivetti Lettera 32 portable typewriter, new ribbon');
  });

  it('the help lists every key of the market and fits 80×24', async () => {
    const app = renderApp({ columns: 80, rows: 24 });
    app.online();
    await press(app, '?');
    const frame = await waitForText(app.lastFrame, 'Legend');
    for (const key of ['PgUp PgDn', 'g G', 'b ⏎', '+', 's', 'o', '1 2 3 4', '/', 'Esc', 'h', 'c', 'L', '?', 'q Ctrl-C'])
      expect(frame).toMatch(new RegExp(`│ ${key.replace(/[?+^$.|()[\]{}*\\/]/g, '\\$&')} +\\S`));
    expect(Math.max(...frame.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    expect(frame).not.toContain('Event log');
  });
});

describe('maximum bids (m)', () => {
  it('m opens the maximum prompt prefilled with the minimum; Enter sets it; the row says "you lead · max"', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 300);
    await waitForText(app.lastFrame, 'lamp');
    await press(app, 'm');
    let frame = await waitForText(app.lastFrame, 'MAX BID lamp');
    expect(frame).toContain('$ 10.00');
    expect(frame).toContain('the server bids for you up to this · step 0.01 (cent)');
    app.client.maxPrice = 1000;
    await press(app, '19\r');
    frame = await waitForText(app.lastFrame, 'Maximum $19.00 on lamp set: you lead at $10.00');
    expect(rowOf(frame, 'lamp')).toContain('you lead · max $19.00');
    expect(frame).toMatch(/You +lead · max \$19\.00/);
    expect(app.client.calls).toEqual([{ op: 'maxBid', args: ['lamp', 1900] }]);
    // The same money rules and the same confirmation as bids.
    await press(app, 'm');
    await press(app, '1,000');
    await waitForText(app.lastFrame, '✗ Amount must not contain a comma');
    await press(app, '\x15');
    await press(app, '19\r');
    await waitForText(app.lastFrame, '✗ raise it above your maximum $19.00');
    await press(app, '\x15');
    await press(app, '500\r');
    frame = await waitForText(app.lastFrame, '$500.00?');
    expect(frame).toContain('⚠ 50× the current price $10.00');
    await press(app, 'y');
    await waitForText(app.lastFrame, 'Maximum $500.00 on lamp set');
    expect(app.client.calls.map((c) => c.args)).toEqual([
      ['lamp', 1900],
      ['lamp', 50_000],
    ]);
  });

  it('a plain bid that an automatic bid beats at once says so, with the new price', async () => {
    const app = renderApp();
    app.online();
    announce(app, 'lamp', 1000, 300);
    await waitForText(app.lastFrame, 'lamp');
    await press(app, 'b');
    await press(app, '20\r');
    await waitForText(app.lastFrame, '✓ Bid $20.00 on lamp accepted');
    push(app, { type: 'BID_UPDATE', rq: '500', item: 'lamp', highestBid: 2000, bidder: 'alice', timeLeft: 299 });
    push(app, { type: 'BID_UPDATE', rq: '501', item: 'lamp', highestBid: 2001, bidder: 'carol', timeLeft: 299 });
    const frame = await waitForText(app.lastFrame, 'outbid at once by an automatic bid — the price is now $20.01');
    expect(rowOf(frame, 'lamp')).toMatch(/\$20\.01.*carol.*outbid/);
    expect(app.bells()).toBe(1);
  });

  it('the help explains maximum bids and the increments in force', async () => {
    const app = renderApp();
    app.online();
    app.client.emit('increments', { policy: 'ebay', source: 'learned' });
    await press(app, '?');
    const frame = await waitForText(app.lastFrame, 'Legend');
    expect(frame).toMatch(/m +maximum: auto-bid up to it/);
    expect(frame).toContain('Maximum bid (m)');
    expect(frame).toMatch(/Increment: eBay's bands \(ebay, learned/);
  });
});

describe('at 80×24 nothing is cut (issue 19, layout)', () => {
  /** The frame's line holding `text`. */
  const lineOf = (frame: string, text: string) => frame.split('\n').find((l) => l.includes(text)) ?? '';

  it.each([
    ['12,5', '✗ Amount must not contain a comma: use a dot (12.50)'],
    ['10000000000000', '✗ Amount must be at most $1,000,000,000.00'],
  ])('the bid prompt shows a refusal of %j whole (the item name gives way)', async (typed, refusal) => {
    const app = renderApp({ columns: 80, rows: 24 });
    app.online();
    announce(app, 'rolex-datejust-41-steel', 1000, 300);
    await waitForText(app.lastFrame, 'rolex-datejust');
    await press(app, 'b');
    await press(app, typed);
    const frame = await waitForText(app.lastFrame, refusal);
    const line = lineOf(frame, refusal);
    expect(line.trimEnd().endsWith(refusal)).toBe(true);
    expect(Array.from(line.trimEnd()).length).toBeLessThanOrEqual(80);
    // The name is shortened, never dropped: the prompt still says what the bid is on.
    expect(line).toMatch(/BID rolex/);
    await press(app, KEYS.enter);
    expect(app.client.calls).toEqual([]);
  });

  it('with a filter on, the table title keeps to its border (the sort gives way)', async () => {
    const app = renderApp({ columns: 80, rows: 24 });
    app.online();
    announce(app, 'fondue-set', 1000, 300);
    announce(app, 'lamp', 1000, 300);
    await waitForText(app.lastFrame, 'lamp');
    await press(app, '/');
    await press(app, 'fondue');
    await press(app, KEYS.enter);
    const frame = await waitForText(app.lastFrame, '1 match ╮');
    const title = lineOf(frame, 'filter "fondue"');
    expect(title).toMatch(/^╭─ Auctions · filter "fondue" ─+ 1 match ╮╭─/);
    // Wide enough, the sort is named as before.
    app.resize(120, 40);
    const wide = await waitForText(app.lastFrame, 'ending soonest · filter "fondue"');
    expect(lineOf(wide, 'filter "fondue"')).toMatch(/Auctions · ending soonest · filter "fondue" ─+ 1 match ╮/);
  });

  it('the detail pane shows a minimum bid of $1,000,000.00 whole', async () => {
    const app = renderApp({ columns: 80, rows: 24 });
    app.online();
    announce(app, 'yacht', 100_000_000, 300);
    const frame = await waitForText(app.lastFrame, 'Min ');
    // Beside `Min bid` it was one column too wide (`$1,000,000.0`): the label gives way, not the amount.
    expect(lineOf(frame, 'Min ')).toMatch(/│ Min +\$1,000,000\.00 *│$/);
    expect(lineOf(frame, 'Price ')).toMatch(/│ Price +\$1,000,000\.00 *│$/);
  });
});
