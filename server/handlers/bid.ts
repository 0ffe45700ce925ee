// BID (§5 Bids): validate against the live auction, commit, acknowledge, fan out BID_UPDATE (§6).
import type { Bid } from '../../shared/protocol/messages.js';
import { audience, pushTo, type Ctx, type Handler } from '../context.js';
import { addrKey, type Addr } from '../house.js';
import { bidRefusal, softCloseAfterBid, timeLeft } from '../rules/auction-rules.js';
import type { Auction } from '../state/model.js';
import { NOT_REGISTERED } from './identity.js';

/**
 * The subscribers' and seller's addresses of an auction, cached between bids (a storm of bids on one
 * item fans out to the same addresses every time). Valid while no binding changed (house.bindingVersion)
 * and the subscriber list is the same (SUBSCRIBE pushes onto it, DE-SUBSCRIBE replaces it). Watchers
 * come and go with time, so they are added per bid.
 */
interface Fixed {
  bindings: number;
  subs: string[];
  subsLen: number;
  addrs: Addr[];
  keys: Set<string>;
}
const fixedAudience = new WeakMap<Auction, Fixed>();

function bidAudience(ctx: Ctx<Bid>, a: Auction): Addr[] {
  const bindings = ctx.house.bindingVersion;
  let f = fixedAudience.get(a);
  if (!f || f.bindings !== bindings || f.subs !== a.subscribers || f.subsLen !== a.subscribers.length) {
    const addrs = audience(ctx, a, { seller: true, watchers: false });
    f = { bindings, subs: a.subscribers, subsLen: a.subscribers.length, addrs, keys: new Set(addrs.map(addrKey)) };
    fixedAudience.set(a, f);
  }
  const out = f.addrs.slice();
  for (const [k, addr] of ctx.watchers.active()) if (!f.keys.has(k)) out.push(addr);
  return out;
}

export const bid: Handler<Bid> = (ctx) => {
  const { msg, house, account } = ctx;
  if (!account) return ctx.deny(NOT_REGISTERED);
  const a = house.openAuction(msg.item);
  const now = house.now();
  const refusal = bidRefusal(a, account, msg.amount, now);
  if (refusal || !a) return ctx.deny(refusal ?? 'No such open auction');
  const closesAt = softCloseAfterBid(a, now, house.config.softCloseS);
  house.commit({
    t: 'bid',
    auctionId: a.id,
    bidder: account.name,
    cents: msg.amount,
    at: now,
    ...(closesAt ? { closesAt } : {}),
  });
  ctx.reply({ type: 'BID_ACCEPTED', rq: msg.rq });
  if (closesAt) ctx.lifecycle.auctionChanged(a);
  pushTo(ctx, bidAudience(ctx, a), (rq) => ({
    type: 'BID_UPDATE',
    rq,
    item: a.item,
    highestBid: msg.amount,
    bidder: account.name,
    timeLeft: timeLeft(a, now),
  }));
};
