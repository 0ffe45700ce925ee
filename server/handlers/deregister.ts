// DE-REGISTER (§5): only your own name, and not while others depend on you.
import type { DeRegister } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';
import { nameKey } from '../state/model.js';
import { highestBid } from '../rules/auction-rules.js';
import { NOT_REGISTERED } from './identity.js';

export const deregister: Handler<DeRegister> = (ctx) => {
  const { msg, house, account } = ctx;
  if (!account) return ctx.deny(NOT_REGISTERED);
  if (nameKey(msg.name) !== nameKey(account.name)) return ctx.deny(`Not your name: this address is ${account.name}`);
  const me = nameKey(account.name);
  for (const a of house.openAuctions()) {
    if (nameKey(a.seller) === me) return ctx.deny(`You sell ${a.item}, which is still open`);
    const top = highestBid(a);
    if (top && nameKey(top.bidder) === me) return ctx.deny(`You lead the auction for ${a.item}`);
  }
  for (const c of Object.values(house.doc.closures)) {
    if (c.state === 'pending' && (nameKey(c.seller.name) === me || (c.buyer && nameKey(c.buyer.name) === me))) {
      return ctx.deny(`Your purchase of ${c.item} is not finished`);
    }
  }
  house.commit({ t: 'deregister', name: account.name });
  ctx.reply({ type: 'DE-REGISTERED', rq: msg.rq });
};
