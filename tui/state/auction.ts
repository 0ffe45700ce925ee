// One auction as the terminal knows it: the element of the auction map (auction-map.ts) and of every
// view. Its own module so the map and the model (model.ts, which holds the map) both import it and
// neither imports the other back.
import type { Cents } from '../../shared/protocol/index.js';

export type PricePointKind = 'listed' | 'seen' | 'bid' | 'adjusted';
export interface PricePoint {
  at: number;
  price: Cents;
  bidder: string | null;
  kind: PricePointKind;
}

export interface AuctionClosure {
  at: number;
  finalPrice: Cents;
  winner: string | null;
  known: boolean;
}

export interface Auction {
  /** The item name as the server spells it. */
  item: string;
  /** Lowercase name: item names are unique case-insensitively (PROTOCOL.md §2). */
  key: string;
  description: string;
  /** Known only for our own listings (seller mode). */
  seller: string | null;
  /** The asking price when we first saw the auction; `fromListing` says whether that was its opening price. */
  startPrice: Cents;
  fromListing: boolean;
  currentPrice: Cents;
  /** Null: no bid seen, or a bid we only learned of from a catalog (bidder unknown). */
  highBidder: string | null;
  /** Bids seen since this terminal started watching (the protocol carries no bid count). */
  bidCount: number;
  /**
   * Whether we know if it has bids: yes when we saw it listed, or saw a bid or a price adjustment;
   * no for an auction first seen in a CATALOG / AUCTION_ANNOUNCE, which carry no bid information.
   */
  bidsKnown: boolean;
  /** Server time of closing, in local clock ms: receivedAt + Time_Left * 1000. */
  closesAt: number;
  history: PricePoint[];
  /** Our highest accepted bid on it, if any. */
  myBid: Cents | null;
  /**
   * A BID of ours on it that is on its way (sent, not answered yet): `+` sends no second one meanwhile.
   * A held `+` on a slow link sent the same minimum again and again, and the second was "rejected".
   */
  sending?: Cents | null;
  /** Our maximum (MAX_BID) on it, once the server set it; never shown to anyone else (§5). */
  myMax?: Cents | null;
  /** The server RQ# of the last BID_UPDATE naming us: the next one (RQ# + 1) outbidding us is an automatic answer. */
  mineRq?: string | null;
  /** When the price last moved, for the brief row highlight; direction of the move. */
  changedAt: number | null;
  change: 'up' | 'down' | 'new' | null;
  closed: AuctionClosure | null;
  /** Its last minute was announced (bell and log line), for a watched or leading auction; once. */
  lastMinute?: boolean;
}
