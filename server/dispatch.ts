// One dispatch for every datagram: parse → duplicate check (§3 reply cache) → identity (§4, once, from
// access.ts) → the command's handler. Nothing a client sends can throw out of here: parse errors become
// that command's own denial (or DENIED), and a handler that fails answers with an internal-error denial.
import { parseDatagram, REQUEST_TYPES, DENIAL_FOR } from '../shared/protocol/index.js';
import type { Request } from '../shared/protocol/messages.js';
import { ACCESS, NOT_REGISTERED, NOT_VERIFIED } from './access.js';
import { RequestCtx, type ServerParts } from './context.js';
import { addrKey, type Addr } from './house.js';
import { handlers } from './handlers/index.js';
import { safeText, unparsedSummary } from './log.js';
import { memoKey } from './outbox.js';
import { Unanswered } from './refusal-answers.js';
import { SecretQueueFull } from './secrets.js';

const requestTypes = new Set<string>(REQUEST_TYPES);
const isRequest = (t: string): t is Request['type'] => requestTypes.has(t);

export type Dispatch = (datagram: Buffer, from: Addr) => void;

/**
 * The account a request's reply is remembered as (issue 20.1, Outbox.remembered): the one bound to its
 * address, so a second account bound there within the window runs its own requests. REGISTER and LOGIN
 * are made as the account they name (the binding they change must not make their retry a new request).
 */
function memoAccount(msg: Request, bound: string | undefined): string {
  if (msg.type === 'REGISTER' || msg.type === 'LOGIN') return msg.name.toLowerCase();
  return bound?.toLowerCase() ?? '';
}

export function createDispatch(s: ServerParts): Dispatch {
  // An unverified address's REGISTER or LOGIN is remembered only once it has run (Outbox.later), and
  // its secret check takes 50–100 ms, more on a busy machine: a client retransmitting it meanwhile
  // (§3) would queue a second and a third check of the same datagram behind the first, and on a busy
  // machine a retrying client's checks then queue faster than they run. A duplicate of a check still
  // in progress is dropped: the first one's reply answers it. Bounded by the secret checker's queue
  // (SECRET_QUEUE_MAX): a check it refuses leaves this set at once.
  const checking = new Set<string>();
  return (datagram, from) => {
    const peer = addrKey(from);
    // §3: verified = an account is bound to the address, or it holds a live WATCH (two map lookups).
    // What an unverified address sends is logged as noise: summarised, so a flood cannot fill the log.
    // A deregistered account never acts, even if something left it bound (defence in depth: LOGIN
    // re-checks after its secret check so that a DE-REGISTER meanwhile cannot be undone).
    const bound = s.house.accountAt(from);
    const account = bound?.deregistered ? undefined : bound;
    const verified = account !== undefined || s.watchers.isWatching(peer);
    const noise = verified ? undefined : 'unverified';
    if (datagram.length === 0) {
      if (noise) s.log.noise('unverified empty', 'warn', peer, 'empty datagram dropped');
      else s.log.warn(peer, 'empty datagram dropped');
      return;
    }
    const parsed = parseDatagram(datagram);
    if (!parsed.ok) {
      const e = parsed.error;
      const what = unparsedSummary(datagram.subarray(0, 200).toString('utf8'));
      if (noise) s.log.noise('unverified unparsable', 'warn', peer, `${what}: ${e.message}`);
      else s.log.warn(peer, `${what}: ${e.message}`);
      const type = e.command && isRequest(e.command) ? DENIAL_FOR[e.command] : 'DENIED';
      s.outbox.reply(from, { type, rq: e.rq, reason: e.message }, null, noise, datagram.length);
      return;
    }
    const msg = parsed.msg;
    if (noise) s.log.noise(`unverified ${msg.type}`, 'recv', peer, safeText(msg));
    else s.log.event('recv', peer, safeText(msg));
    if (!isRequest(msg.type)) {
      s.outbox.reply(
        from,
        { type: 'DENIED', rq: msg.rq, reason: `${msg.type} is not a request a client can send` },
        null,
        noise,
        datagram.length,
      );
      return;
    }
    // §3: the same text from the same address is a duplicate; answer it from memory, never re-execute.
    const key = memoKey(peer, datagram);
    const as = memoAccount(msg as Request, bound?.name);
    const remembered = s.outbox.remembered(key, as);
    if (remembered) {
      const n = remembered.count;
      const text = `duplicate of RQ# ${msg.rq}: resending ${n} remembered repl${n === 1 ? 'y' : 'ies'}`;
      if (noise) s.log.noise('unverified duplicate', 'info', peer, text);
      else s.log.event('info', peer, text);
      s.outbox.resend(from, remembered, !verified, datagram.length);
      return;
    }
    const slowUnverified = !verified && (msg.type === 'LOGIN' || msg.type === 'REGISTER');
    if (slowUnverified && checking.has(key)) {
      s.log.noise('unverified duplicate', 'info', peer, `duplicate of RQ# ${msg.rq}: its secret is being checked`);
      return;
    }
    const request = msg as Request;
    // CATALOG only reads: a duplicate is answered by running it again (a page of the state as it is
    // then), rather than by remembering up to 33 datagrams per page for every client's every page,
    // which would crowd the replies a retried BID needs out of the bounded cache.
    // An unverified source's request is remembered only if it changed state (a REGISTER or LOGIN that
    // succeeded): its denials changed nothing and are answered again by running again, so a flood of
    // distinct datagrams leaves nothing behind to collect (see Outbox.reply).
    const remember =
      request.type === 'CATALOG' ? null : verified ? s.outbox.remember(key, as) : s.outbox.later(key, as);
    const ctx = new RequestCtx(s, request, from, account, remember, noise, datagram.length);
    // §4: every request but the public ones is made as the account bound to its source address;
    // §3: CATALOG (many datagrams) only to a verified address.
    const access = ACCESS[request.type];
    if (access === 'account' && !account) return ctx.deny(NOT_REGISTERED);
    if (access === 'verified' && !verified) return ctx.deny(NOT_VERIFIED);
    const fail = (err: unknown): void => {
      if (err instanceof SecretQueueFull) return ctx.deny(err.message); // refused, not failed: nothing ran
      // Refused, and this source was answered refusals enough lately (refusal-answers.ts): a retry runs again.
      if (err instanceof Unanswered) {
        s.outbox.forget(key);
        return s.log.noise('refusals unanswered', 'warn', peer, `${msg.type} ${msg.rq} ${err.message}`);
      }
      s.log.error(
        peer,
        `internal error handling ${msg.type} ${msg.rq}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
      ctx.deny('Internal server error; nothing was changed');
    };
    try {
      const r = (handlers[msg.type] as (c: typeof ctx) => void | Promise<void>)(ctx);
      if (r && slowUnverified) {
        checking.add(key);
        void r.catch(fail).finally(() => checking.delete(key));
      } else if (r) r.catch(fail);
    } catch (err) {
      fail(err);
    }
  };
}
