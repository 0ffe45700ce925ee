import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup } from 'ink-testing-library';
import type { Push } from '../../../shared/protocol/index.js';
import { waitForFrame, waitForText } from '../../testing/frames.js';
import { buyerAccount, renderApp, sellerAccount } from '../../testing/render-app.js';

afterEach(() => cleanup());

type App = ReturnType<typeof renderApp>;

function push(app: App, msg: Push): void {
  app.client.emit('push', msg);
}

function line(frame: string, item: string): string {
  return frame.split('\n').find((l) => new RegExp(`^│ \\d\\d:\\d\\d:\\d\\d  ${item} `).test(l)) ?? '';
}

async function closeTwo(app: App): Promise<void> {
  app.online();
  push(app, {
    type: 'AUCTION_ANNOUNCE',
    rq: '1',
    item: 'lamp',
    description: 'Brass lamp',
    currentPrice: 1000,
    timeLeft: 60,
  });
  push(app, {
    type: 'AUCTION_ANNOUNCE',
    rq: '2',
    item: 'vase',
    description: 'Blue vase',
    currentPrice: 500,
    timeLeft: 60,
  });
  push(app, { type: 'BID_UPDATE', rq: '3', item: 'lamp', highestBid: 1250, bidder: 'bob', timeLeft: 50 });
  await waitForText(app.lastFrame, 'bob');
  push(app, { type: 'AUCTION_CLOSED', rq: '4', item: 'lamp', finalPrice: 1250, winner: 'bob' });
  push(app, { type: 'AUCTION_CLOSED', rq: '5', item: 'vase', finalPrice: 500, winner: null });
  await waitForText(app.lastFrame, 'h: results (2)');
}

describe('recent results', () => {
  it('h shows closed auctions (sold for how much to whom, or unsold) in place of the event log; h again goes back', async () => {
    const app = renderApp({ account: { kind: 'spectator' } });
    await closeTwo(app);
    app.stdin.write('h');
    const frame = await waitForText(app.lastFrame, 'Recent results');
    expect(frame).not.toContain('Event log');
    expect(frame).toContain('2 closed · h: event log');
    expect(line(frame, 'vase')).toMatch(/vase\s+unsold\s+\$5\.00 no bid/);
    expect(line(frame, 'lamp')).toMatch(/lamp\s+sold\s+\$12\.50 to bob/);
    expect(frame.indexOf(line(frame, 'vase'))).toBeLessThan(frame.indexOf(line(frame, 'lamp'))); // newest first
    const footer = frame.split('\n').filter(Boolean).at(-1) ?? '';
    expect(footer).toMatch(/h +event log/);
    app.stdin.write('h');
    await waitForFrame(
      app.lastFrame,
      (f) => f.includes('Event log') && !f.includes('Recent results'),
      'event log back',
    );
  });

  it('says won / lost for a buyer and stays after the table drops the rows', async () => {
    const app = renderApp({ account: buyerAccount('bob') });
    await closeTwo(app);
    app.setNow(Date.now() + 60_000);
    app.stdin.write('h');
    const frame = await waitForText(app.lastFrame, 'Recent results');
    expect(line(frame, 'lamp')).toMatch(/to bob\s+you won/);
    expect(line(frame, 'vase')).not.toMatch(/you/);
  });

  it("says sold / unsold on a seller's own listings", async () => {
    const app = renderApp({ account: sellerAccount() });
    app.online();
    app.stdin.write('l');
    await waitForText(app.lastFrame, 'List an item');
    app.stdin.write('clock\tWall clock\t30\t60\r');
    await waitForText(app.lastFrame, '✓ Listed clock');
    push(app, { type: 'AUCTION_CLOSED', rq: '6', item: 'clock', finalPrice: 3000, winner: 'bob' });
    await waitForText(app.lastFrame, 'h: results (1)');
    app.stdin.write('h');
    const frame = await waitForText(app.lastFrame, 'Recent results');
    expect(line(frame, 'clock')).toMatch(/sold\s+\$30\.00 to bob\s+yours: sold/);
  });

  it('is empty at first, and readable at 80×24', async () => {
    const app = renderApp({ account: buyerAccount(), columns: 80, rows: 24 });
    app.online();
    await waitForText(app.lastFrame, 'alice buyer');
    app.stdin.write('h');
    let frame = await waitForText(app.lastFrame, 'No auction has closed yet');
    app.stdin.write('h');
    await waitForText(app.lastFrame, 'Event log');
    await closeTwo(app);
    app.stdin.write('h');
    frame = await waitForText(app.lastFrame, 'Recent results');
    expect(line(frame, 'lamp')).toMatch(/lamp\s+sold\s+\$12\.50 to bob/);
    expect(Math.max(...frame.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });
});
