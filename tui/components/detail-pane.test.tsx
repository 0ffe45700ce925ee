// The detail pane at its narrowest (24 columns at an 80-column terminal, 20 inside): what does not fit
// is dropped or moved to a line of its own, never cut mid-word or mid-price (issue 19.9).
import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup, render } from 'ink-testing-library';
import type { Auction } from '../state/model.js';
import { closedSaleText, DetailPane, youLines } from './detail-pane.js';

afterEach(() => cleanup());

const NOW = 1_700_000_000_000;

function auction(over: Partial<Auction> = {}): Auction {
  return {
    item: 'lamp',
    key: 'lamp',
    description: 'Brass lamp',
    seller: null,
    startPrice: 1000,
    fromListing: false,
    currentPrice: 1500,
    highBidder: 'alice',
    bidCount: 1,
    bidsKnown: true,
    closesAt: NOW + 66_000,
    history: [{ at: NOW - 1000, price: 1500, kind: 'bid', bidder: 'alice' }],
    myBid: 1500,
    myMax: null,
    changedAt: null,
    change: null,
    closed: null,
    ...over,
  };
}

const pane = (a: Auction, width = 24, height = 18): string =>
  render(
    <DetailPane auction={a} now={NOW} me="alice" subscribed={false} canBid width={width} height={height} />,
  ).lastFrame()!;

describe('the detail pane at 80 columns', () => {
  it('shows no line cut with … (you lead, your bid, time left)', () => {
    const frame = pane(auction());
    expect(frame).not.toContain('…');
    expect(frame).toMatch(/You +lead/);
    expect(frame).toMatch(/Your bid +\$15\.00/);
    expect(frame).toMatch(/Left +1:06/);
    expect(frame).not.toContain('closes');
  });

  it('a maximum gets a line of its own when "lead · max" does not fit', () => {
    const frame = pane(auction({ myMax: 15_000 }));
    expect(frame).not.toContain('…');
    expect(frame).toMatch(/Your max +\$150\.00/);
  });

  it('a closed sale keeps its whole price', () => {
    const frame = pane(auction({ closed: { at: NOW, finalPrice: 123_456_78, winner: 'bartholomew', known: true } }));
    expect(frame).toContain('$123,456.78');
    expect(frame).not.toContain('…');
  });

  it('a wide pane keeps the one-line forms', () => {
    const frame = pane(auction({ myMax: 15_000 }), 52, 30);
    expect(frame).toMatch(/You +lead · max \$150\.00/);
    expect(frame).toMatch(/Left +1:06 · closes \d\d:\d\d:\d\d/);
  });
});

describe('youLines and closedSaleText', () => {
  it.each([
    [40, 'leading', { myMax: 15_000 }, ['lead · max $150.00']],
    [11, 'leading', { myMax: 15_000 }, ['lead', '$150.00']],
    [40, 'outbid', { myMax: 15_000, myBid: null }, ['outbid']],
    [11, 'outbid', { myMax: 15_000, myBid: null }, ['outbid', '$150.00']],
    [40, 'outbid', {}, ['outbid']],
    [11, 'leading', {}, ['lead', '$15.00']],
  ] as const)('room %d, %s, %j → %j', (room, st, over, values) => {
    expect(youLines(auction(over), st, room).map((l) => l.value)).toEqual(values);
  });

  it('an outbid maximum is a gray aside where it fits', () => {
    expect(youLines(auction({ myMax: 15_000 }), 'outbid', 40)[0].tail).toBe(' · your maximum $150.00');
  });

  it.each([
    [30, 'sold to bob at $12.50'],
    [15, 'sold at $12.50'],
    [12, 'sold $12.50'],
    [7, '$12.50'],
  ])('room %d → %s', (room, text) => {
    expect(closedSaleText('bob', '$12.50', room)).toBe(text);
  });
});
