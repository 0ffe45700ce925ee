// CATALOG (§5 ext): one AUCTION_ANNOUNCE per open auction with the request's RQ#, then CATALOG_END.
import type { Catalog } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';
import { currentPrice, timeLeft } from '../rules/auction-rules.js';

export const catalog: Handler<Catalog> = (ctx) => {
  const { msg, house } = ctx;
  const now = house.now();
  let count = 0;
  for (const a of house.openAuctions()) {
    ctx.reply({
      type: 'AUCTION_ANNOUNCE',
      rq: msg.rq,
      item: a.item,
      description: a.description,
      currentPrice: currentPrice(a),
      timeLeft: timeLeft(a, now),
    });
    count++;
  }
  ctx.reply({ type: 'CATALOG_END', rq: msg.rq, count });
};
