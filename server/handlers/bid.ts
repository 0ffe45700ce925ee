// BID (§5 Bids): validate against the live auction, commit, acknowledge, fan out BID_UPDATE (§6).
import type { Bid } from '../../shared/protocol/messages.js';
import { audience, pushTo, type Handler } from '../context.js';
import { bidRefusal, softCloseAfterBid, timeLeft } from '../rules/auction-rules.js';
import { NOT_REGISTERED } from './identity.js';

export const bid: Handler<Bid> = (ctx) => {
  const { msg, house, account } = ctx;
  if (!account) return ctx.deny(NOT_REGISTERED);
  const a = house.openAuction(msg.item);
  const now = house.now();
  const refusal = bidRefusal(a, account, msg.amount, now);
  if (refusal || !a) return ctx.deny(refusal ?? 'No such open auction');
  const closesAt = softCloseAfterBid(a, now, house.config.softCloseS);
  house.commit({ t: 'bid', auctionId: a.id, bidder: account.name, cents: msg.amount, at: now, ...(closesAt ? { closesAt } : {}) });
  ctx.reply({ type: 'BID_ACCEPTED', rq: msg.rq });
  if (closesAt) ctx.lifecycle.auctionChanged(a);
  pushTo(ctx, audience(ctx, a, { seller: true }), (rq) => ({
    type: 'BID_UPDATE', rq, item: a.item, highestBid: msg.amount, bidder: account.name, timeLeft: timeLeft(a, now),
  }));
};
