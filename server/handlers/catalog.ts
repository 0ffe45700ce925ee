// CATALOG (§5 ext): one AUCTION_ANNOUNCE per open auction with the request's RQ#, then CATALOG_END.
import type { Catalog } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';

export const catalog: Handler<Catalog> = (ctx) => {
  const rows = ctx.market.catalog();
  for (const row of rows) ctx.reply({ type: 'AUCTION_ANNOUNCE', rq: ctx.msg.rq, ...row });
  ctx.reply({ type: 'CATALOG_END', rq: ctx.msg.rq, count: rows.length });
};
