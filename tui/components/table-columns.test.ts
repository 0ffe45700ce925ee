import { describe, expect, it } from '@jest/globals';
import { historyColumns } from './detail-pane.js';
import { leadWithMax, rowWidth, standingWidth, tableColumns } from './table-columns.js';
import { detailWidth } from '../app.js';
import { panelInnerWidth } from './panel.js';

/** The table's inner width on a terminal `columns` wide (the detail pane beside it). */
const tableInner = (columns: number) => panelInnerWidth(columns - detailWidth(columns));

describe('tableColumns', () => {
  it('fits the inner width with a gap between every column, for every terminal width and price from 80 columns up', () => {
    for (let columns = 80; columns <= 240; columns++) {
      const inner = tableInner(columns);
      // "$1,000,000,000.00▲" is 18 characters, the most there is.
      for (let priceChars = 2; priceChars <= 18; priceChars++) {
        for (const withStanding of [true, false]) {
          const c = tableColumns(inner, { withStanding, priceChars, bidsChars: 3 });
          expect(rowWidth(c)).toBeLessThanOrEqual(inner);
          // A price is never cut: the column holds the widest.
          expect(c.price).toBeGreaterThanOrEqual(priceChars);
          expect(c.item).toBeGreaterThanOrEqual(4);
          expect(c.bidder).toBeGreaterThanOrEqual(4);
          expect(c.standing > 0).toBe(withStanding);
        }
      }
    }
  });

  it('gives the YOU column a width from the terminal alone, never from the prices or what a row says', () => {
    for (let columns = 80; columns <= 240; columns++) {
      const inner = tableInner(columns);
      const widths = [8, 10, 14, 18].map(
        (priceChars) => tableColumns(inner, { withStanding: true, priceChars, bidsChars: 2 }).standing,
      );
      expect(new Set(widths).size).toBe(1);
      expect(widths[0]).toBe(standingWidth(inner));
    }
    expect(standingWidth(tableInner(80))).toBe(8);
    // The tests' and the e2e terminals' 120 columns hold "you lead · max $850.00".
    expect(standingWidth(tableInner(120))).toBe(22);
    expect(standingWidth(tableInner(200))).toBe(24);
  });

  it('at 80 columns keeps every column, the high bidder too, and the item gives up what a wide price needs', () => {
    const inner = tableInner(80);
    const usual = tableColumns(inner, { withStanding: true, priceChars: 8, bidsChars: 2 });
    const wide = tableColumns(inner, { withStanding: true, priceChars: 10, bidsChars: 2 });
    expect(usual).toMatchObject({ price: 8, bids: 4, left: 6, standing: 8, description: 0 });
    expect(usual.item).toBeGreaterThanOrEqual(9);
    expect(usual.bidder).toBeGreaterThanOrEqual(7);
    expect(wide.price).toBe(10);
    expect(wide.item + wide.bidder).toBe(usual.item + usual.bidder - 2);
    expect(rowWidth(usual)).toBe(inner);
  });

  it('shows the description only on a wide terminal, with what is left', () => {
    expect(tableColumns(tableInner(120), { withStanding: true, priceChars: 10, bidsChars: 2 }).description).toBe(0);
    const c = tableColumns(tableInner(200), { withStanding: true, priceChars: 10, bidsChars: 2 });
    expect(c.description).toBeGreaterThanOrEqual(30);
    expect(rowWidth(c)).toBe(tableInner(200));
  });

  it('makes room for a four-digit bid count', () => {
    expect(tableColumns(72, { withStanding: true, priceChars: 8, bidsChars: 5 }).bids).toBe(5);
  });
});

describe('leadWithMax', () => {
  it('says as much as the width holds, and never cuts the amount', () => {
    expect(leadWithMax('$150.00', 24)).toBe('you lead · max $150.00');
    expect(leadWithMax('$150.00', 22)).toBe('you lead · max $150.00');
    expect(leadWithMax('$1,150.00', 22)).toBe('max $1,150.00');
    expect(leadWithMax('$1,150.00', 13)).toBe('max $1,150.00');
    expect(leadWithMax('$150.00', 8)).toBe('you lead');
  });
});

describe('historyColumns', () => {
  it('never cuts a price: the time goes first, then the name is cut', () => {
    for (let inner = 16; inner <= 60; inner++) {
      for (let priceChars = 5; priceChars <= 17; priceChars++) {
        const h = historyColumns(inner, priceChars);
        expect(h.price).toBeGreaterThanOrEqual(priceChars);
        if (inner >= priceChars + 1) expect((h.time ? 9 : 0) + h.price + 1 + h.who).toBeLessThanOrEqual(inner);
      }
    }
    // The detail pane at 80 columns (20 inside): no time, the whole price and a name.
    expect(historyColumns(20, 9)).toEqual({ time: false, price: 9, who: 10 });
    expect(historyColumns(40, 9)).toEqual({ time: true, price: 9, who: 21 });
  });
});
