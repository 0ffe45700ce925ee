// MAX_BID (§5 Maximum (proxy) bids, v1.1): the domain core contests it; MAX_BID_SET tells the price and
// leader once the proxy has answered, never the maximum; BID_UPDATEs follow the reply. Maxima share
// the bid rate per account per auction (request-rates.ts, issue 20.8): stepping a maximum up is the probe.
import type { MaxBid } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';

export const maxBid: Handler<MaxBid> = (ctx) => {
  const limited = ctx.accounts.rates.bid(ctx.from.ip, ctx.account.name, ctx.msg.item);
  if (limited) return ctx.deny(limited);
  ctx.answer(ctx.market.setMaxBid(ctx.account, ctx.msg.item, ctx.msg.maxAmount), (r) => ({
    type: 'MAX_BID_SET',
    rq: ctx.msg.rq,
    item: r.item,
    price: r.price,
    leader: r.leader,
  }));
};
