// BID (§5 Bids): the domain core validates, commits and fans out BID_UPDATE (§6) after the reply.
import type { Bid } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';

export const bid: Handler<Bid> = (ctx) =>
  ctx.answer(ctx.market.placeBid(ctx.account, ctx.msg.item, ctx.msg.amount), () => ({
    type: 'BID_ACCEPTED',
    rq: ctx.msg.rq,
  }));
