// The auctions slice: every auction the terminal knows, from the protocol's pushes and CATALOG, our
// own bids' results and listings, and the clock (closed auctions linger, then go). The countdown is
// derived from close times (closesAt = receivedAt + Time_Left s), never decremented by hand.
import type { CatalogEntry } from '../../shared/client/types.js';
import type { Cents, Push } from '../../shared/protocol/index.js';
import { increment } from '../../shared/protocol/increments.js';
import { durationWords, money } from '../format.js';
import {
  myName,
  newAuction,
  note,
  pushHistory,
  refineCloseTime,
  result,
  same,
  shout,
  status,
  unchanged,
  withAuction,
} from './helpers.js';
import type { Action, Auction, AuctionClosure, AuctionState, Note, SliceResult, Tone } from './model.js';
import { CLOSED_LINGER_MS, KEPT_CLOSED, LAST_MINUTE_S } from './model.js';

type Auctions = AuctionState['auctions'];

/** A maximum's answer comes with the bid it answers (one fan-out); later than this it is someone's bid. */
const AUTOMATIC_WITHIN_MS = 1500;

export function reduceAuctions(
  auctions: Auctions,
  action: Action,
  now: number,
  s: AuctionState,
): SliceResult<Auctions> {
  switch (action.type) {
    case 'push':
      return onPush(auctions, action.msg, now, myName(s));
    case 'catalog':
      return onCatalog(auctions, action.entries, now);
    case 'bidSent': {
      const a = auctions.get(action.item.toLowerCase());
      const next = a && !a.closed ? withAuction(auctions, { ...a, sending: action.amount }) : auctions;
      return result(next, status('muted', `Sending bid ${money(action.amount)} on ${action.item}…`));
    }
    case 'maxBidSent':
      return result(auctions, status('muted', `Setting your maximum ${money(action.amount)} on ${action.item}…`));
    case 'maxBidResult':
      return onMaxBidResult(auctions, action, now);
    case 'bidGivenUp':
      return unchanged(settled(auctions, action.item));
    case 'bidResult': {
      const o = action.outcome;
      // Unanswered, it is asked again (same RQ#, commands.ts): still on its way until found out or given up.
      const answered = o.ok || !o.unanswered;
      const next = answered
        ? settled(onBidResult(auctions, action, now), action.item)
        : onBidResult(auctions, action, now);
      const what = `Bid ${money(action.amount)} on ${action.item}`;
      if (!o.ok && o.unanswered) return result(next, shout('warn', `${what}: ${UNANSWERED}`, action.item));
      if (!o.ok && action.late) return result(next, shout('bad', `${what} was not placed: ${o.reason}`, action.item));
      if (!o.ok) return result(next, shout('bad', `${what} rejected: ${o.reason}`, action.item));
      if (action.late) return result(next, shout('good', `${what} was placed (the answer came late)`, action.item));
      // The pushes may come before the reply: a maximum may have answered it already.
      const a = next.get(action.item.toLowerCase());
      if (a && !a.closed && a.highBidder && !same(a.highBidder, action.me) && a.currentPrice > action.amount)
        return result(
          next,
          shout('bad', `${what} accepted, but ${a.highBidder} leads at ${money(a.currentPrice)}`, action.item),
        );
      return result(next, shout('good', `${what} accepted: you lead`, action.item));
    }
    case 'listResult': {
      if (!action.outcome.ok) return unchanged(auctions);
      const l = action.listing;
      const existing = auctions.get(l.item.toLowerCase());
      // The watch stream's AUCTION_ANNOUNCE may come before or after ITEM_LISTED: either way the row is ours.
      const a =
        existing && !existing.closed
          ? { ...existing, seller: action.me }
          : {
              ...newAuction(l.item, l.description, l.startPrice, now + l.duration * 1000, now, true),
              seller: action.me,
            };
      const text = `Listed ${l.item} at ${money(l.startPrice)}, closes in ${durationWords(l.duration)}`;
      // Already announced (and logged) by the watch stream: the status line is enough.
      const announced = existing && !existing.closed;
      return result(withAuction(auctions, a), announced ? status('good', text) : shout('good', text, l.item));
    }
    case 'tick':
      return lastMinute(prune(auctions, now, myName(s), s.selected), now, s);
    default:
      return unchanged(auctions);
  }
}

/** What a push does to the auctions: the auction it names (if we hold it) and who we are. */
type PushHandler<T extends Push['type']> = (
  auctions: Auctions,
  msg: Extract<Push, { type: T }>,
  existing: Auction | undefined,
  now: number,
  me: string | null,
) => SliceResult<Auctions>;

const onAnnounce: PushHandler<'AUCTION_ANNOUNCE'> = (auctions, msg, existing, now) => {
  const closesAt = now + msg.timeLeft * 1000;
  if (!existing || existing.closed) {
    const auction = newAuction(msg.item, msg.description, msg.currentPrice, closesAt, now, true);
    return result(
      withAuction(auctions, auction),
      note(
        'info',
        `New listing: ${msg.item} at ${money(msg.currentPrice)}, closes in ${durationWords(msg.timeLeft)}`,
        msg.item,
      ),
    );
  }
  return unchanged(withAuction(auctions, reconcile(existing, msg.description, msg.currentPrice, closesAt, now)));
};

const onBidUpdate: PushHandler<'BID_UPDATE'> = (auctions, msg, existing, now, me) => {
  const closesAt = now + msg.timeLeft * 1000;
  const base = existing && !existing.closed ? existing : newAuction(msg.item, '', msg.highestBid, closesAt, now, false);
  const sameBid = base.currentPrice === msg.highestBid && base.highBidder !== null && same(base.highBidder, msg.bidder);
  // A reordered datagram older than what we hold: keep the higher bid, take nothing else from it.
  if (!sameBid && base.bidCount > 0 && msg.highestBid <= base.currentPrice)
    return unchanged(existing ? auctions : withAuction(auctions, base));
  const isMine = me !== null && same(msg.bidder, me);
  if (sameBid)
    return unchanged(
      withAuction(auctions, {
        ...base,
        closesAt: refineCloseTime(base.closesAt, closesAt),
        mineRq: isMine ? msg.rq : base.mineRq,
      }),
    );
  const wasMine = base.highBidder !== null && me !== null && same(base.highBidder, me);
  // Each recorded bid is one BID_UPDATE, in order (§5). A maximum answering ours at once comes right
  // after it (the next server RQ#, the same moment) and at most one increment above it (the larger,
  // eBay's, since the policy may not be known yet); someone typing a bid is none of these.
  const automatic =
    wasMine &&
    !isMine &&
    base.mineRq !== null &&
    base.mineRq !== undefined &&
    Number(msg.rq) === Number(base.mineRq) + 1 &&
    base.changedAt !== null &&
    now - base.changedAt < AUTOMATIC_WITHIN_MS &&
    msg.highestBid <= base.currentPrice + increment('ebay', base.currentPrice);
  const auction: Auction = {
    ...base,
    currentPrice: msg.highestBid,
    highBidder: msg.bidder,
    bidCount: base.bidCount + 1,
    bidsKnown: true,
    closesAt: refineCloseTime(base.closesAt, closesAt),
    myBid: isMine ? Math.max(base.myBid ?? 0, msg.highestBid) : base.myBid,
    mineRq: isMine ? msg.rq : base.mineRq,
    history: pushHistory(base.history, { at: now, price: msg.highestBid, bidder: msg.bidder, kind: 'bid' }),
    changedAt: now,
    change: 'up',
  };
  const next = withAuction(auctions, auction);
  if (isMine) {
    const max = auction.myMax ? ` (your maximum ${money(auction.myMax)} bids for you)` : '';
    return result(next, note('good', `You lead ${msg.item} at ${money(msg.highestBid)}${max}`, msg.item));
  }
  if (automatic)
    return result(next, {
      ...shout(
        'bad',
        `${msg.item}: outbid at once by an automatic bid — the price is now ${money(msg.highestBid)} (${msg.bidder}'s maximum is higher)`,
        msg.item,
      ),
      bell: true,
    });
  // Our maximum covers it: the server answers for us at once (the next BID_UPDATE says so).
  if (wasMine && base.myMax && msg.highestBid <= base.myMax)
    return result(
      next,
      note('muted', `${msg.item} ${money(msg.highestBid)} bid by ${msg.bidder}: your maximum answers`, msg.item),
    );
  if (wasMine || auction.myBid !== null)
    return result(next, {
      ...note('bad', `Outbid on ${msg.item}: ${msg.bidder} bid ${money(msg.highestBid)}`, msg.item),
      bell: wasMine,
    });
  if (base.seller !== null && me !== null && same(base.seller, me))
    return result(next, note('good', `Bid on your ${msg.item}: ${money(msg.highestBid)} by ${msg.bidder}`, msg.item));
  return result(next, note('info', `${msg.item} ${money(msg.highestBid)} bid by ${msg.bidder}`, msg.item));
};

const onPriceAdjustment: PushHandler<'PRICE_ADJUSTMENT'> = (auctions, msg, existing, now) => {
  const closesAt = now + msg.timeLeft * 1000;
  const base = existing && !existing.closed ? existing : newAuction(msg.item, '', msg.newPrice, closesAt, now, false);
  if (base.currentPrice === msg.newPrice && existing)
    return unchanged(withAuction(auctions, { ...base, closesAt: refineCloseTime(base.closesAt, closesAt) }));
  const auction: Auction = {
    ...base,
    bidsKnown: true, // the server lowers a price only while there is no bid
    currentPrice: msg.newPrice,
    closesAt: refineCloseTime(base.closesAt, closesAt),
    history: pushHistory(base.history, { at: now, price: msg.newPrice, bidder: null, kind: 'adjusted' }),
    changedAt: now,
    change: msg.newPrice < base.currentPrice ? 'down' : 'up',
  };
  return result(
    withAuction(auctions, auction),
    note('warn', `Price of ${msg.item} lowered to ${money(msg.newPrice)}`, msg.item),
  );
};

const onClosed: PushHandler<'AUCTION_CLOSED'> = (auctions, msg, existing, now, me) => {
  const text = closedText(msg.item, msg.finalPrice, msg.winner, me);
  if (!existing || existing.closed) return result(auctions, note('muted', text, msg.item));
  const closed: AuctionClosure = { at: now, finalPrice: msg.finalPrice, winner: msg.winner, known: true };
  const auction: Auction = {
    ...existing,
    closed,
    closesAt: Math.min(existing.closesAt, now),
    changedAt: now,
    change: null,
  };
  const tone: Tone = msg.winner && me && same(msg.winner, me) ? 'good' : existing.myBid !== null ? 'bad' : 'muted';
  return result(withAuction(auctions, auction), note(tone, text, msg.item));
};

const onNegotiateReq: PushHandler<'NEGOTIATE_REQ'> = (auctions, msg, existing, now, me) => {
  // Only the seller is asked, and only while there is no bid: the item is ours and has no bid.
  const a = existing;
  if (a && !a.closed && ((!a.seller && me) || (!a.bidsKnown && a.bidCount === 0))) {
    return unchanged(
      withAuction(auctions, { ...a, seller: a.seller ?? me, bidsKnown: a.bidCount === 0 ? true : a.bidsKnown }),
    );
  }
  return unchanged(auctions);
};

/** One small function per push kind (issue 19.11), keyed by its type: the compiler asks for every kind. */
const ON_PUSH: { [T in Push['type']]: PushHandler<T> } = {
  AUCTION_ANNOUNCE: onAnnounce,
  BID_UPDATE: onBidUpdate,
  PRICE_ADJUSTMENT: onPriceAdjustment,
  AUCTION_CLOSED: onClosed,
  NEGOTIATE_REQ: onNegotiateReq,
};

function onPush(auctions: Auctions, msg: Push, now: number, me: string | null): SliceResult<Auctions> {
  const handler = ON_PUSH[msg.type] as PushHandler<Push['type']>;
  return handler(auctions, msg, auctions.get(msg.item.toLowerCase()), now, me);
}

/**
 * A large catalog arrives page by page (the client core's 'catalog-progress'): shown while it loads,
 * until the listing is complete (or the connection changes).
 */
export function reduceCatalogLoading(
  loading: AuctionState['catalogLoading'],
  action: Action,
): SliceResult<AuctionState['catalogLoading']> {
  switch (action.type) {
    case 'catalogProgress':
      // A listing done in one page needs no progress display.
      if (action.received >= action.total) return unchanged(null);
      return unchanged({ received: action.received, total: action.total });
    case 'catalog':
      return unchanged(null);
    case 'connection':
      return unchanged(action.state === 'online' ? loading : null);
    default:
      return unchanged(loading);
  }
}

/**
 * A complete catalog is the set of open auctions right now: add, refresh, and close what is gone.
 * CATALOG_ITEM rows carry the seller, the bid count and the leader (§6), so a row first seen in a
 * catalog is as complete as one seen listed. Only what actually changed is put in the new map.
 */
function onCatalog(auctions: Auctions, entries: CatalogEntry[], now: number): SliceResult<Auctions> {
  const sets: Auction[] = [];
  const listed = new Set<string>();
  let added = 0;
  for (const e of entries) {
    const key = e.item.toLowerCase();
    listed.add(key);
    const existing = auctions.get(key);
    const closesAt = now + e.timeLeft * 1000;
    let next: Auction;
    if (existing && !existing.closed) {
      next = reconcile(existing, e.description, e.currentPrice, closesAt, now, e);
    } else {
      next = fromCatalog(newAuction(e.item, e.description, e.currentPrice, closesAt, now, false), e);
      added++;
    }
    if (next !== existing) sets.push(next);
  }
  let missed = 0;
  for (const a of auctions.values()) {
    if (listed.has(a.key) || a.closed) continue;
    // Closed while we were not looking (lost push, or we were offline): the result is unknown here.
    sets.push({
      ...a,
      closed: { at: now, finalPrice: a.currentPrice, winner: null, known: false },
      closesAt: Math.min(a.closesAt, now),
    });
    missed++;
  }
  const notes: Note[] = [];
  const first = auctions.size === 0;
  if (first && entries.length > 0)
    notes.push(note('muted', `Catalog: ${entries.length} open auction${entries.length === 1 ? '' : 's'}`));
  else if (added > 0 || missed > 0)
    notes.push(note('muted', `Resynced with the server: ${added} new, ${missed} no longer open`));
  return { slice: auctions.setMany(sets), notes };
}

/** What a CATALOG_ITEM row says beyond AUCTION_ANNOUNCE: seller, bid count, leader. */
function fromCatalog(a: Auction, e: CatalogEntry): Auction {
  if (e.bids === undefined) return a;
  return {
    ...a,
    seller: e.seller ?? a.seller,
    bidCount: e.bids,
    highBidder: e.leader ?? null,
    bidsKnown: true,
  };
}

/**
 * Catalog or repeated AUCTION_ANNOUNCE for an auction we know: take the server's price and close time
 * (and, from a catalog row, its bid count and leader). The same object when nothing changed.
 */
function reconcile(
  a: Auction,
  description: string,
  price: Cents,
  closesAt: number,
  now: number,
  row?: CatalogEntry,
): Auction {
  const refined = refineCloseTime(a.closesAt, closesAt);
  const full = row?.bids !== undefined;
  const bidCount = full ? row.bids! : price > a.currentPrice ? a.bidCount + 1 : a.bidCount;
  // A higher price we did not see bid on means bids we missed: bidder unknown (a catalog row names it).
  const highBidder = full ? (row.leader ?? null) : price > a.currentPrice ? null : a.highBidder;
  const seller = row?.seller ?? a.seller;
  if (
    price === a.currentPrice &&
    refined === a.closesAt &&
    (description === '' || description === a.description) &&
    bidCount === a.bidCount &&
    highBidder === a.highBidder &&
    seller === a.seller &&
    (a.bidsKnown || !full)
  )
    return a;
  let next: Auction = {
    ...a,
    description: description || a.description,
    closesAt: refined,
    seller,
    bidCount,
    highBidder,
    bidsKnown: a.bidsKnown || full,
  };
  if (price !== a.currentPrice) {
    const rose = price > a.currentPrice;
    next = {
      ...next,
      currentPrice: price,
      history: pushHistory(a.history, { at: now, price, bidder: highBidder, kind: rose ? 'bid' : 'adjusted' }),
      changedAt: now,
      change: rose ? 'up' : 'down',
    };
  }
  return next;
}

/** The bid on `item` is answered (or given up on): the next `+` is the user's to send. */
function settled(auctions: Auctions, item: string): Auctions {
  const a = auctions.get(item.toLowerCase());
  return typeof a?.sending === 'number' ? withAuction(auctions, { ...a, sending: null }) : auctions;
}

function onBidResult(auctions: Auctions, a: Extract<Action, { type: 'bidResult' }>, now: number): Auctions {
  const known = auctions.get(a.item.toLowerCase());
  if (!known || known.closed) return auctions;
  if (!a.outcome.ok) {
    // AUCTION_ANNOUNCE and CATALOG do not say whether an auction has bids, so an auction first seen
    // there may already have one. When the server says so, count it: the minimum becomes price + 0.01.
    if (known.bidCount === 0 && a.amount <= known.currentPrice && /highest bid/i.test(a.outcome.reason))
      return withAuction(auctions, { ...known, bidCount: 1, bidsKnown: true });
    return auctions;
  }
  // An accepted bid is the highest bid at once (PROTOCOL.md §5); the BID_UPDATE may come before or after.
  const myBid = Math.max(known.myBid ?? 0, a.amount);
  const alreadyShown = known.currentPrice === a.amount && known.highBidder !== null && same(known.highBidder, a.me);
  const overtaken = known.bidCount > 0 && known.currentPrice > a.amount;
  return withAuction(
    auctions,
    alreadyShown || overtaken
      ? { ...known, myBid, bidsKnown: true }
      : {
          ...known,
          myBid,
          bidsKnown: true,
          currentPrice: a.amount,
          highBidder: a.me,
          bidCount: known.bidCount + 1,
          history: pushHistory(known.history, { at: now, price: a.amount, bidder: a.me, kind: 'bid' }),
          changedAt: now,
          change: 'up',
        },
  );
}

/** A bid (or maximum) the server never answered: said as what it is, never "rejected" (issue 19.5). */
const UNANSWERED =
  'no answer — it may or may not have been placed; asking the server again (same RQ#, never placed twice)';

/**
 * MAX_BID answered. MAX_BID_SET carries the price and leader once the proxy has answered: we lead (our
 * bid is the price) or a higher maximum beat ours at once (ours was recorded at its full amount).
 */
function onMaxBidResult(
  auctions: Auctions,
  a: Extract<Action, { type: 'maxBidResult' }>,
  now: number,
): SliceResult<Auctions> {
  const what = `Maximum ${money(a.amount)} on ${a.item}`;
  const known = auctions.get(a.item.toLowerCase());
  if (!a.outcome.ok && a.outcome.unanswered)
    return result(auctions, shout('warn', `${what}: ${UNANSWERED.replace('placed', 'set')}`, a.item));
  if (!a.outcome.ok)
    return result(auctions, shout('bad', `${what} ${a.late ? 'was not set' : 'refused'}: ${a.outcome.reason}`, a.item));
  const price = a.price ?? known?.currentPrice ?? a.amount;
  const leader = a.leader ?? a.me;
  const leading = same(leader, a.me);
  const text = leading
    ? `${what} set: you lead at ${money(price)}; the server bids for you up to ${money(a.amount)}`
    : `${what} set, but ${leader}'s maximum is higher: outbid at ${money(price)}`;
  if (!known || known.closed) return result(auctions, shout(leading ? 'good' : 'bad', text, a.item));
  const moved = known.currentPrice !== price || known.highBidder === null || !same(known.highBidder, leader);
  const auction: Auction = {
    ...known,
    myMax: a.amount,
    myBid: Math.max(known.myBid ?? 0, leading ? price : a.amount),
    bidsKnown: true,
    ...(moved && price >= known.currentPrice
      ? {
          currentPrice: price,
          highBidder: leader,
          bidCount: known.bidCount + 1,
          history: pushHistory(known.history, { at: now, price, bidder: leader, kind: 'bid' }),
          changedAt: now,
          change: 'up' as const,
        }
      : {}),
  };
  return result(withAuction(auctions, auction), { ...shout(leading ? 'good' : 'bad', text, a.item), bell: !leading });
}

/**
 * Clock tick: drop closed auctions that have lingered long enough — except the ones we bid on or won,
 * which the "my bids" and "my wins" views keep showing (the newest KEPT_CLOSED of them), and the
 * selected one, which stays on screen, closed, until the user moves (issue 19.2).
 */
function prune(auctions: Auctions, now: number, me: string | null, selected: string | null): Auctions {
  if (auctions.openCount === auctions.size) return auctions; // nothing closed: nothing to drop
  const gone: string[] = [];
  const kept: Auction[] = [];
  for (const a of auctions.values()) {
    if (!a.closed || now - a.closed.at < CLOSED_LINGER_MS || a.key === selected) continue;
    const ours = a.myBid !== null || (me !== null && a.closed.winner !== null && same(a.closed.winner, me));
    if (ours) kept.push(a);
    else gone.push(a.key);
  }
  if (kept.length > KEPT_CLOSED) {
    kept.sort((a, b) => (b.closed?.at ?? 0) - (a.closed?.at ?? 0));
    for (const a of kept.slice(KEPT_CLOSED)) gone.push(a.key);
  }
  return gone.length ? auctions.deleteMany(gone) : auctions;
}

/** A watched (★) or leading auction entering its last minute: a bell and a log line, once. */
function lastMinute(auctions: Auctions, now: number, s: AuctionState): SliceResult<Auctions> {
  const me = myName(s);
  // Only a watched (★) or leading auction is announced: without an account, only the watched ones.
  if (me === null && s.subscriptions.length === 0) return unchanged(auctions);
  const marked: Auction[] = [];
  const notes: Note[] = [];
  for (const a of auctions.values()) {
    if (a.closed || a.lastMinute || a.closesAt - now > LAST_MINUTE_S * 1000) continue;
    const leading = me !== null && a.highBidder !== null && same(a.highBidder, me);
    const watched = s.subscriptions.includes(a.key);
    if (!leading && !watched) continue;
    marked.push({ ...a, lastMinute: true });
    const price = money(a.currentPrice);
    const where = leading
      ? `you lead at ${price}`
      : a.highBidder
        ? `${a.highBidder} leads at ${price}`
        : a.myBid !== null
          ? `you are outbid at ${price}`
          : `at ${price}`;
    notes.push({ ...note('warn', `${a.item} closes in under a minute: ${where}`, a.item), bell: true });
  }
  return { slice: marked.length ? auctions.setMany(marked) : auctions, notes };
}

function closedText(item: string, price: Cents, winner: string | null, me: string | null): string {
  if (!winner) return `${item} closed without a bid`;
  if (me && same(winner, me)) return `You won ${item} at ${money(price)}: checkout follows`;
  return `${item} sold to ${winner} at ${money(price)}`;
}
