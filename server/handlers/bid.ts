// BID (§5 Bids): the domain core validates, commits and fans out BID_UPDATE (§6) after the reply.
// Bids per account per auction are rate-limited first (request-rates.ts, issue 20.8).
import type { Bid } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';

export const bid: Handler<Bid> = (ctx) => {
  const limited = ctx.accounts.rates.bid(ctx.from.ip, ctx.account.name, ctx.msg.item);
  if (limited) return ctx.deny(limited);
  ctx.answer(ctx.market.placeBid(ctx.account, ctx.msg.item, ctx.msg.amount), () => ({
    type: 'BID_ACCEPTED',
    rq: ctx.msg.rq,
  }));
};
