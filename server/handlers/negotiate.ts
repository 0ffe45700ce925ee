// ACCEPT / REFUSE (§5 Negotiation): the seller's answer to NEGOTIATE_REQ, carrying its RQ#.
import type { Accept, Refuse } from '../../shared/protocol/messages.js';
import { audience, pushTo, type Handler } from '../context.js';
import { negotiationRefusal, timeLeft } from '../rules/auction-rules.js';
import { NOT_REGISTERED } from './identity.js';

export const accept: Handler<Accept> = (ctx) => {
  const { msg, house, account } = ctx;
  if (!account) return ctx.deny(NOT_REGISTERED);
  const a = house.openAuction(msg.item);
  const now = house.now();
  const refusal = negotiationRefusal(a, account, msg.rq, msg.newPrice, now);
  if (refusal || !a) return ctx.deny(refusal ?? 'No such open auction');
  house.commit({ t: 'negotiate-answered', auctionId: a.id, accepted: true, newCents: msg.newPrice });
  const left = timeLeft(a, now);
  ctx.reply({ type: 'PRICE_ADJUSTMENT', rq: msg.rq, item: a.item, newPrice: msg.newPrice, timeLeft: left });
  pushTo(ctx, audience(ctx, a, { seller: false, except: ctx.from }), (rq) => ({
    type: 'PRICE_ADJUSTMENT',
    rq,
    item: a.item,
    newPrice: msg.newPrice,
    timeLeft: left,
  }));
};

export const refuse: Handler<Refuse> = (ctx) => {
  const { msg, house, account } = ctx;
  if (!account) return ctx.deny(NOT_REGISTERED);
  const a = house.openAuction(msg.item);
  const refusal = negotiationRefusal(a, account, msg.rq, null, house.now());
  if (refusal || !a) return ctx.deny(refusal ?? 'No such open auction');
  house.commit({ t: 'negotiate-answered', auctionId: a.id, accepted: false });
  ctx.reply({ type: 'REFUSED', rq: msg.rq, item: a.item });
};
