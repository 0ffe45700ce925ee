// CATALOG (§5 ext, v1.1): one page of at most 32 CATALOG_ITEM lines in item-name order (case-insensitive)
// after After_Item, only auctions changed since Since_RQ when it is > 0, then CATALOG_END with the page's
// count, the open total, the next page's After_Item and the Watermark.
import type { Catalog } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';
import { currentPrice, highestBid, timeLeft } from '../rules/auction-rules.js';

export const CATALOG_PAGE = 32;

export const catalog: Handler<Catalog> = (ctx) => {
  const { msg, house } = ctx;
  const now = house.now();
  // Made before the page is read, so a change racing the page is never below the client's next Since_RQ.
  const watermark = house.watermark;
  const page = house.catalog.page(msg.sinceRq ?? 0, msg.afterItem ?? null, CATALOG_PAGE);
  for (const id of page.ids) {
    const a = house.doc.auctions[id];
    ctx.reply({
      type: 'CATALOG_ITEM',
      rq: msg.rq,
      item: a.item,
      seller: a.seller,
      currentPrice: currentPrice(a),
      bids: a.bids.length,
      leader: highestBid(a)?.bidder ?? null,
      timeLeft: timeLeft(a, now),
      description: a.description,
    });
  }
  ctx.reply({
    type: 'CATALOG_END',
    rq: msg.rq,
    count: page.ids.length,
    total: house.catalog.size,
    nextItem: page.nextItem,
    watermark,
  });
};
