// SUBSCRIBE / DE-SUBSCRIBE (§5): follow an open auction's events.
import type { DeSubscribe, Subscribe } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';

export const subscribe: Handler<Subscribe> = (ctx) =>
  ctx.answer(ctx.market.subscribe(ctx.account, ctx.msg.item, ctx.from), () => ({ type: 'SUBSCRIBED', rq: ctx.msg.rq }));

export const deSubscribe: Handler<DeSubscribe> = (ctx) =>
  ctx.answer(ctx.market.unsubscribe(ctx.account, ctx.msg.item), () => ({ type: 'DE-SUBSCRIBED', rq: ctx.msg.rq }));
