// LIST_ITEM (§5 Listing): a seller opens an auction at once; watchers and bound buyers hear of it.
import type { ListItem } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';

export const listItem: Handler<ListItem> = (ctx) => {
  const { item, description, startPrice, duration, rq } = ctx.msg;
  const listing = { item, description, startCents: startPrice, durationS: duration };
  const tooMany = ctx.account.role === 'seller' ? ctx.accounts.rates.listing(ctx.account.name) : null;
  if (tooMany) return ctx.deny(tooMany);
  ctx.answer(ctx.market.listItem(ctx.account, listing), () => ({ type: 'ITEM_LISTED', rq }));
};
