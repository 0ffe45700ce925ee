// §4 Identity: who may send each request. Every request is made as the name bound to its source
// address, except the few public ones. Dispatch checks this table once, before any handler runs, so a
// handler of an `account` request always has its account (Ctx.account is typed accordingly).
import type { Request } from '../shared/protocol/messages.js';
import type { Account } from './state/model.js';

/**
 * - `account`: only from an address an account is bound to (else `… Not registered`);
 * - `binds`: REGISTER / LOGIN, which bind the address (they check it themselves: §2 source address);
 * - `verified`: any verified address (§3: bound, or holding a live WATCH); from any other address
 *   it is denied (`… Address not verified`), since its answer is many datagrams;
 * - `anyone`: WATCH, which anyone may send.
 */
export type Access = 'account' | 'binds' | 'verified' | 'anyone';

export const ACCESS = {
  REGISTER: 'binds',
  LOGIN: 'binds',
  'DE-REGISTER': 'account',
  LIST_ITEM: 'account',
  SUBSCRIBE: 'account',
  'DE-SUBSCRIBE': 'account',
  BID: 'account',
  MAX_BID: 'account',
  ACCEPT: 'account',
  REFUSE: 'account',
  CATALOG: 'verified',
  WATCH: 'anyone',
} as const satisfies Record<Request['type'], Access>;

/** The account a handler of request type T sees: always there for `account` requests. */
export type AccountFor<T extends Request['type']> = (typeof ACCESS)[T] extends 'account'
  ? Account
  : Account | undefined;

export const NOT_REGISTERED = 'Not registered: REGISTER or LOGIN from this address first';
export const NOT_VERIFIED = 'Address not verified: WATCH or LOGIN first';
