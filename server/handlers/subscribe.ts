// SUBSCRIBE / DE-SUBSCRIBE (§5): follow an open auction's events.
import type { DeSubscribe, Subscribe } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';
import { nameKey } from '../state/model.js';
import { currentPrice, timeLeft } from '../rules/auction-rules.js';
import { NOT_REGISTERED } from './identity.js';

export const subscribe: Handler<Subscribe> = (ctx) => {
  const { msg, house, account } = ctx;
  if (!account) return ctx.deny(NOT_REGISTERED);
  const a = house.openAuction(msg.item);
  if (!a) return ctx.deny(`No open auction named ${msg.item}`);
  if (!a.subscribers.includes(nameKey(account.name)))
    house.commit({ t: 'subscribe', name: account.name, auctionId: a.id });
  ctx.reply({ type: 'SUBSCRIBED', rq: msg.rq });
  ctx.outbox.push(
    [ctx.from],
    {
      type: 'AUCTION_ANNOUNCE',
      rq: house.nextRq(),
      item: a.item,
      description: a.description,
      currentPrice: currentPrice(a),
      timeLeft: timeLeft(a, house.now()),
    },
    'subscriber',
  );
};

export const deSubscribe: Handler<DeSubscribe> = (ctx) => {
  const { msg, house, account } = ctx;
  if (!account) return ctx.deny(NOT_REGISTERED);
  const a = house.unfinishedAuction(msg.item);
  if (!a || !a.subscribers.includes(nameKey(account.name))) return ctx.deny(`You are not subscribed to ${msg.item}`);
  house.commit({ t: 'unsubscribe', name: account.name, auctionId: a.id });
  ctx.reply({ type: 'DE-SUBSCRIBED', rq: msg.rq });
};
