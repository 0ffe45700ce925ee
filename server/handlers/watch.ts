// WATCH (§5 ext): challenge with a stateless cookie, then watch for `watchSeconds`.
import type { Watch } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';

export const watch: Handler<Watch> = (ctx) =>
  ctx.answer(ctx.accounts.watch(ctx.from, ctx.msg.cookie), (w) =>
    'challenge' in w
      ? { type: 'WATCH-CHALLENGE', rq: ctx.msg.rq, cookie: w.challenge }
      : { type: 'WATCHING', rq: ctx.msg.rq, seconds: w.seconds },
  );
