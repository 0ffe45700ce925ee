// CATALOG (§5 ext, v1.1): one page of at most 32 CATALOG_ITEM lines in item-name order (case-insensitive)
// after After_Item, only auctions changed since Since_RQ when it is > 0, then CATALOG_END with the page's
// count, the open total, the next page's After_Item and the Watermark.
import type { Catalog } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';

export const catalog: Handler<Catalog> = (ctx) => {
  const { rq, sinceRq, afterItem } = ctx.msg;
  const limited = ctx.accounts.rates.catalog(ctx.from.ip);
  if (limited) return ctx.deny(limited);
  const page = ctx.market.catalog(sinceRq ?? 0, afterItem ?? null);
  for (const row of page.rows) ctx.reply({ type: 'CATALOG_ITEM', rq, ...row });
  const { total, nextItem, watermark } = page;
  ctx.reply({ type: 'CATALOG_END', rq, count: page.rows.length, total, nextItem, watermark });
};
