// MAX_BID (§5 Maximum (proxy) bids, v1.1): the codec knows it; the proxy contest arrives with the domain core.
import type { MaxBid } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';

export const maxBid: Handler<MaxBid> = (ctx) => ctx.deny('MAX_BID is not available on this server yet');
