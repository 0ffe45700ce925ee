// Command word → handler: the one table the dispatcher consults.
import type { Request } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';
import { bid } from './bid.js';
import { catalog } from './catalog.js';
import { deregister } from './deregister.js';
import { listItem } from './list-item.js';
import { login } from './login.js';
import { maxBid } from './max-bid.js';
import { accept, refuse } from './negotiate.js';
import { register } from './register.js';
import { deSubscribe, subscribe } from './subscribe.js';
import { watch } from './watch.js';

type HandlerTable = { [T in Request['type']]: Handler<Extract<Request, { type: T }>> };

export const handlers: HandlerTable = {
  REGISTER: register,
  LOGIN: login,
  'DE-REGISTER': deregister,
  LIST_ITEM: listItem,
  SUBSCRIBE: subscribe,
  'DE-SUBSCRIBE': deSubscribe,
  BID: bid,
  MAX_BID: maxBid,
  ACCEPT: accept,
  REFUSE: refuse,
  CATALOG: catalog,
  WATCH: watch,
};
