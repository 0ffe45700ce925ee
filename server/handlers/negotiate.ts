// ACCEPT / REFUSE (§5 Negotiation): the seller's answer to NEGOTIATE_REQ, carrying its RQ#.
import type { Accept, Refuse } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';

export const accept: Handler<Accept> = (ctx) => {
  const { rq, item, newPrice } = ctx.msg;
  ctx.answer(ctx.market.answerNegotiation(ctx.account, item, rq, newPrice, ctx.from), (a) => ({
    type: 'PRICE_ADJUSTMENT',
    rq,
    item: a.item,
    newPrice: a.price,
    timeLeft: a.timeLeft,
  }));
};

export const refuse: Handler<Refuse> = (ctx) => {
  const { rq, item } = ctx.msg;
  ctx.answer(ctx.market.answerNegotiation(ctx.account, item, rq, null, ctx.from), (a) => ({
    type: 'REFUSED',
    rq,
    item: a.item,
  }));
};
