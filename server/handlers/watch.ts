// WATCH (§5 ext): challenge with a stateless cookie, then watch for `watchSeconds`.
import type { Watch } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';

export const watch: Handler<Watch> = (ctx) => {
  const { msg, watchers, from } = ctx;
  if (!msg.cookie || !watchers.cookieValid(from, msg.cookie)) {
    return ctx.reply({ type: 'WATCH-CHALLENGE', rq: msg.rq, cookie: watchers.cookieFor(from) });
  }
  if (!watchers.watch(from)) return ctx.deny('Too many watchers; try again later');
  ctx.reply({ type: 'WATCHING', rq: msg.rq, seconds: ctx.house.config.watchSeconds });
};
