// LIST_ITEM (§5 Listing): a seller opens an auction at once; watchers and bound buyers hear of it.
import { nanoid } from 'nanoid';
import type { ListItem } from '../../shared/protocol/messages.js';
import { pushTo, type Handler } from '../context.js';
import { addrKey, type Addr } from '../house.js';
import { timeLeft } from '../rules/auction-rules.js';
import { NOT_REGISTERED } from './identity.js';

export const listItem: Handler<ListItem> = (ctx) => {
  const { msg, house, account } = ctx;
  if (!account) return ctx.deny(NOT_REGISTERED);
  if (account.role !== 'seller') return ctx.deny('Only sellers can list items');
  const taken = house.unfinishedAuction(msg.item);
  if (taken) return ctx.deny(`Item_Name ${msg.item} is in use by an unfinished auction`);
  const now = house.now();
  const id = nanoid(12);
  house.commit({
    t: 'list',
    id,
    item: msg.item,
    seller: account.name,
    description: msg.description,
    startCents: msg.startPrice,
    durationS: msg.duration,
    openedAt: now,
    closesAt: now + msg.duration * 1000,
  });
  ctx.reply({ type: 'ITEM_LISTED', rq: msg.rq });
  const auction = house.doc.auctions[id];
  ctx.lifecycle.auctionChanged(auction);
  const to = new Map<string, Addr>();
  for (const [k, a] of ctx.watchers.active()) to.set(k, a);
  for (const [addr, acct] of house.boundAccounts()) if (acct.role === 'buyer') to.set(addrKey(addr), addr);
  pushTo(ctx, [...to.values()], (rq) => ({
    type: 'AUCTION_ANNOUNCE',
    rq,
    item: auction.item,
    description: auction.description,
    currentPrice: auction.priceCents,
    timeLeft: timeLeft(auction, now),
  }));
};
