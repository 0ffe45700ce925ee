// REGISTER (§5, §4): create an account and bind it to the datagram's source address.
import type { Register } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';

export const register: Handler<Register> = async (ctx) =>
  ctx.answer(await ctx.accounts.register(ctx.msg, ctx.from), () => ({ type: 'REGISTERED', rq: ctx.msg.rq }));
