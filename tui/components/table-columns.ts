// The auction table's column layout, from the table's inner width (issue 19.9). Every column is
// separated from the next by at least one space, so a right-aligned price never runs into the item
// before it (`rolex-dat…$6,875.01▲`) and a bid count never into the time left (`17closed`). Prices are
// never cut: the price column is as wide as the widest price in the table; the item and the high
// bidder (names, cut with …) give up the room. The YOU column has one width per terminal width: a
// status such as "you lead · max $150.00" picks the longest wording that fits it instead of widening
// the column, so one row's status never re-lays the whole table out. Pure, tested by table.

export interface Columns {
  item: number;
  price: number;
  bidder: number;
  bids: number;
  left: number;
  /** 0: no YOU column (a spectator). */
  standing: number;
  /** 0: no description column (only wide terminals have one). */
  description: number;
}

/** The selection pointer, the subscription mark and a space before the item. */
export const LEAD = 3;
/** The space between two columns (the description gets two). */
export const GAP = 1;
const DESCRIPTION_GAP = 2;

const BIDS = 4; // "BIDS"
const LEFT = 6; // "⚠ 9s", "59:59", "23h59m", "closed"
const BIDDER = 14;
const WIDE_ITEM = 24;
const WIDE_BIDDER = 12;
const MIN_NAME = 4;

/** The narrowest price column: a price up to $9,999.99 and its change arrow, on a roomy table. */
function priceFloor(inner: number): number {
  return inner >= 60 ? 10 : 8;
}

/**
 * The YOU column's width for a table width, and never from what the rows say: 24 holds
 * "you lead · max $1,000.00", 13 "max $1,000.00", 8 "you lead". The widest that leaves the item and
 * the bidder 22 columns between them (with the price column at its floor), so it depends on the terminal only.
 */
export function standingWidth(inner: number): number {
  const others = LEAD + priceFloor(inner) + BIDS + LEFT + 5 * GAP;
  for (const w of [24, 22, 13]) if (inner - others - w >= 22) return w;
  return 8;
}

export interface ColumnNeeds {
  /** Whether there is a YOU column (the user has an account). */
  withStanding: boolean;
  /** The widest price cell in the table, in characters, its arrow slot included. */
  priceChars: number;
  /** The widest bid count, in characters. */
  bidsChars: number;
}

/** Column widths (content only; the gaps come on top) for a table of `inner` columns. */
export function tableColumns(inner: number, needs: ColumnNeeds): Columns {
  const price = Math.max(priceFloor(inner), needs.priceChars);
  const bids = Math.max(BIDS, needs.bidsChars);
  const standing = needs.withStanding ? standingWidth(inner) : 0;
  const gaps = (standing ? 5 : 4) * GAP;
  const rest = inner - (LEAD + price + bids + LEFT + standing + gaps);
  // A description column only where it gets 30 columns or more beside a roomy item and bidder.
  if (rest >= WIDE_ITEM + WIDE_BIDDER + DESCRIPTION_GAP + 30)
    return {
      ...{ item: WIDE_ITEM, price, bidder: WIDE_BIDDER, bids, left: LEFT, standing },
      description: rest - WIDE_ITEM - WIDE_BIDDER - DESCRIPTION_GAP,
    };
  const bidder = rest >= 12 + BIDDER ? BIDDER : Math.max(MIN_NAME, Math.floor(rest * 0.45));
  return { item: Math.max(MIN_NAME, rest - bidder), price, bidder, bids, left: LEFT, standing, description: 0 };
}

/** The characters a row takes with these columns (gaps included): never more than the inner width it was made for. */
export function rowWidth(c: Columns): number {
  return (
    LEAD +
    c.item +
    GAP +
    c.price +
    GAP +
    c.bidder +
    GAP +
    c.bids +
    GAP +
    c.left +
    (c.standing ? GAP + c.standing : 0) +
    (c.description ? DESCRIPTION_GAP + c.description : 0)
  );
}

/**
 * What the YOU column says where you lead with a maximum, in the width it has: "you lead · max $X",
 * else "max $X", else "you lead" (the detail pane always says the maximum). Never a cut amount.
 */
export function leadWithMax(maxText: string, width: number): string {
  for (const text of [`you lead · max ${maxText}`, `max ${maxText}`]) if (Array.from(text).length <= width) return text;
  return 'you lead';
}
