// DE-REGISTER (§5): only your own name, and not while others depend on you.
import type { DeRegister } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';

export const deregister: Handler<DeRegister> = (ctx) =>
  ctx.answer(ctx.accounts.deregister(ctx.account, ctx.msg.name), () => ({ type: 'DE-REGISTERED', rq: ctx.msg.rq }));
