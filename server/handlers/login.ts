// LOGIN (§5 ext): move an account's binding to this address after checking its secret.
import type { Login } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';

export const login: Handler<Login> = async (ctx) =>
  ctx.answer(await ctx.accounts.login(ctx.msg, ctx.from), (acct) => ({
    type: 'LOGGED_IN',
    rq: ctx.msg.rq,
    role: acct.role,
  }));
