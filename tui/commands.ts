// What the keyboard can ask of the server. Each command dispatches the request's lifecycle into the
// store (sent → result) around the client core's promise, so the reducer stays pure and components
// only call these. The client is reached through ClientPort, a slice of AuctionClient, so tests and
// the benchmark can pass a fake.
import type { AuctionClient } from '../shared/client/auction-client.js';
import type { Identity, ReplyByRequest, RequestOutcome } from '../shared/client/types.js';
import type { Cents, Reply, Role } from '../shared/protocol/index.js';
import { informCheckout } from './checkout-commands.js';
import { commandLine } from './invocation.js';
import type { PaymentForm } from './checkout-commands.js';
import type { ListingRequest } from './widgets/list/actions.js';
import type { ServerAnswer } from './state/model.js';
import type { AuctionStore } from './state/store.js';
import { selectedAuction, isSubscribed } from './state/table-selectors.js';

export type ClientPort = Pick<
  AuctionClient,
  | 'bid'
  | 'maxBid'
  | 'subscribe'
  | 'unsubscribe'
  | 'register'
  | 'login'
  | 'takeSession'
  | 'listItem'
  | 'accept'
  | 'refuse'
  | 'checkouts'
>;

export interface Commands {
  placeBid(item: string, amount: Cents): Promise<void>;
  /** MAX_BID: the most we will pay; the server bids for us, just enough to lead (PROTOCOL.md §5). */
  setMaxBid(item: string, amount: Cents): Promise<void>;
  /** Subscribes to the item, or unsubscribes when already subscribed. */
  toggleSubscription(item: string): Promise<void>;
  /** First run: REGISTER the account with a fresh secret, keep it (onRegistered), then LOGIN. */
  register(name: string, role: Role): Promise<void>;
  /** Seller: LIST_ITEM (the form has validated it). */
  listItem(listing: ListingRequest): Promise<void>;
  /** Seller: answers a NEGOTIATE_REQ (its RQ#) with ACCEPT at a lower price, or REFUSE when price is null. */
  answerNegotiation(item: string, rq: string, price: Cents | null): Promise<void>;
  /** `L` after the account logged in from another terminal: LOGIN from here again. */
  takeSession(): Promise<void>;
  /** Checkout pane: INFORM_Res on the server's TCP conversation `id` (checkout-commands.ts). */
  informCheckout(id: string, form: PaymentForm): Promise<void>;
  quit(): void;
}

export interface CommandOptions {
  client: ClientPort;
  store: AuctionStore;
  /** A new secret for REGISTER (nanoid(32) in main.tsx). */
  newSecret: () => string;
  /** Persist the identity (profile file) before logging in with it. */
  onRegistered?: (identity: Identity) => void | Promise<void>;
  /** The subscription list changed (profile file). */
  onSubscriptions?: (items: string[]) => void;
  /** A checkout's address was sent: remember it (profile file). */
  onCheckoutAddress?: (address: string) => void;
  quit: () => void;
}

const NO_ANSWER = `the server did not answer (is it running? start one with \`${commandLine('server')}\`)`;

/** §3: the server remembers its reply to each request at least this long, so a resend is never executed twice. */
const REPLY_MEMORY_MS = 120_000;

/** Turns a request's outcome into ok / the server's reason (or unanswered: nobody knows yet). */
export function outcomeOf(out: RequestOutcome<Reply>, success: Reply['type']): ServerAnswer {
  if (!out.ok) return { ok: false, reason: NO_ANSWER, unanswered: true };
  if (out.reply.type === success) return { ok: true };
  return { ok: false, reason: 'reason' in out.reply ? out.reply.reason : `unexpected reply ${out.reply.type}` };
}

/** Resolves when the store's connection is online (at once if it is). */
function onceOnline(store: AuctionStore): Promise<void> {
  if (store.getSnapshot().connection.state === 'online') return Promise.resolve();
  return new Promise((resolve) => {
    const unsubscribe = store.subscribe(() => {
      if (store.getSnapshot().connection.state !== 'online') return;
      unsubscribe();
      resolve();
    });
  });
}

export function createCommands(opts: CommandOptions): Commands {
  const { client, store } = opts;
  const dispatch = store.dispatch;
  /** A request's outcome, with the protocol's "Not registered" said the way the user can act on it. */
  const explained = (out: ServerAnswer): ServerAnswer => {
    const s = store.getSnapshot();
    if (out.ok || !/^not registered/i.test(out.reason) || s.account.kind !== 'account' || !s.account.moved) return out;
    return { ok: false, reason: `${s.account.name} logged in from another terminal (L takes the session back here)` };
  };

  /**
   * A bid (or maximum) the server never answered may or may not have been placed. Sending it again with
   * the same RQ# and text is safe (§3: answered from the server's memory, never executed twice), so ask
   * until an answer comes, for as long as the server is sure to remember (from the first send).
   */
  async function findOut<R extends Reply>(
    first: RequestOutcome<R>,
    startedAt: number,
    again: (rq: string) => Promise<RequestOutcome<R>>,
  ): Promise<RequestOutcome<R> | null> {
    if (first.ok || !first.rq) return null;
    while (Date.now() - startedAt < REPLY_MEMORY_MS) {
      const out = await again(first.rq);
      if (out.ok) return out;
    }
    dispatch({
      type: 'notice',
      text: 'Still no answer after 2 minutes: whether that bid was placed shows in the table once the server answers',
    });
    return null;
  }

  return {
    async placeBid(item, amount) {
      const s = store.getSnapshot();
      const me = s.account.kind === 'account' ? s.account.name : '';
      dispatch({ type: 'bidSent', item, amount });
      const startedAt = Date.now();
      let outcome: ServerAnswer;
      let out: RequestOutcome<Reply> | null = null;
      try {
        out = await client.bid(item, amount);
        outcome = explained(outcomeOf(out, 'BID_ACCEPTED'));
      } catch (err) {
        outcome = { ok: false, reason: (err as Error).message };
      }
      dispatch({ type: 'bidResult', item, amount, me, outcome });
      if (!out || out.ok) return;
      const late = await findOut(out, startedAt, (rq) => client.bid(item, amount, rq)).catch(() => null);
      if (!late) return dispatch({ type: 'bidGivenUp', item });
      dispatch({
        type: 'bidResult',
        item,
        amount,
        me,
        outcome: explained(outcomeOf(late, 'BID_ACCEPTED')),
        late: true,
      });
    },

    async setMaxBid(item, amount) {
      const s = store.getSnapshot();
      const me = s.account.kind === 'account' ? s.account.name : '';
      dispatch({ type: 'maxBidSent', item, amount });
      const startedAt = Date.now();
      const settle = (out: RequestOutcome<ReplyByRequest['MAX_BID']>, late?: boolean) =>
        dispatch({
          type: 'maxBidResult',
          item,
          amount,
          me,
          outcome: explained(outcomeOf(out, 'MAX_BID_SET')),
          ...(out.ok && out.reply.type === 'MAX_BID_SET' ? { price: out.reply.price, leader: out.reply.leader } : {}),
          ...(late ? { late } : {}),
        });
      let out: RequestOutcome<ReplyByRequest['MAX_BID']>;
      try {
        out = await client.maxBid(item, amount);
      } catch (err) {
        dispatch({ type: 'maxBidResult', item, amount, me, outcome: { ok: false, reason: (err as Error).message } });
        return;
      }
      settle(out);
      const late = await findOut(out, startedAt, (rq) => client.maxBid(item, amount, rq)).catch(() => null);
      if (late) settle(late, true);
    },

    async toggleSubscription(item) {
      const s = store.getSnapshot();
      const key = item.toLowerCase();
      if (s.subscribing.includes(key)) return;
      const a = s.auctions.get(key) ?? selectedAuction(s);
      const subscribe = !(a && isSubscribed(s, a));
      dispatch({ type: 'subscribeSent', item, subscribe });
      let outcome: ServerAnswer;
      try {
        outcome = explained(
          subscribe
            ? outcomeOf(await client.subscribe(item), 'SUBSCRIBED')
            : outcomeOf(await client.unsubscribe(item), 'DE-SUBSCRIBED'),
        );
      } catch (err) {
        outcome = { ok: false, reason: (err as Error).message };
      }
      dispatch({ type: 'subscribeResult', item, subscribe, outcome });
      if (outcome.ok) opts.onSubscriptions?.(store.getSnapshot().subscriptions);
    },

    async register(name, role) {
      dispatch({ type: 'registerSent', name, role });
      const identity: Identity = { name, role, secret: opts.newSecret() };
      let outcome: ServerAnswer;
      let resent = false;
      try {
        outcome = outcomeOf(await client.register(identity), 'REGISTERED');
        // No answer: the form says so and sends again by itself once the server answers (issue 19.6),
        // with the same secret, so a first REGISTER that did arrive makes the name ours, not "taken".
        while (!outcome.ok && outcome.unanswered) {
          dispatch({ type: 'registerResult', name, role, outcome });
          await onceOnline(store);
          dispatch({ type: 'registerSent', name, role });
          resent = true;
          outcome = outcomeOf(await client.register(identity), 'REGISTERED');
        }
        // "already taken" after a resend may be our own first REGISTER: our secret logs in if so.
        if (!outcome.ok && resent && /already taken/i.test(outcome.reason)) {
          const login = await client.login(identity);
          if (login.ok && login.reply.type === 'LOGGED_IN') outcome = { ok: true };
        }
        if (outcome.ok) await opts.onRegistered?.(identity);
      } catch (err) {
        outcome = { ok: false, reason: (err as Error).message };
      }
      dispatch({ type: 'registerResult', name, role, outcome });
      if (!outcome.ok) return;
      // The 'session' event marks us logged in; a denial or silence is reported here.
      let login: ServerAnswer;
      try {
        login = outcomeOf(await client.login(identity), 'LOGGED_IN');
      } catch (err) {
        login = { ok: false, reason: (err as Error).message };
      }
      if (!login.ok) dispatch({ type: 'notice', text: `Login as ${name} failed: ${login.reason}` });
    },

    async listItem(listing) {
      const s = store.getSnapshot();
      const me = s.account.kind === 'account' ? s.account.name : '';
      dispatch({ type: 'listSent', listing });
      let outcome: ServerAnswer;
      try {
        outcome = explained(
          outcomeOf(
            await client.listItem(listing.item, listing.description, listing.startPrice, listing.duration),
            'ITEM_LISTED',
          ),
        );
      } catch (err) {
        outcome = { ok: false, reason: (err as Error).message };
      }
      dispatch({ type: 'listResult', listing, me, outcome });
    },

    async answerNegotiation(item, rq, price) {
      const answer = price === null ? 'refuse' : 'accept';
      dispatch({ type: 'negotiateSent', item, rq, answer, price });
      let outcome: ServerAnswer;
      try {
        outcome = explained(
          price === null
            ? outcomeOf(await client.refuse(rq, item), 'REFUSED')
            : outcomeOf(await client.accept(rq, item, price), 'PRICE_ADJUSTMENT'),
        );
      } catch (err) {
        outcome = { ok: false, reason: (err as Error).message };
      }
      dispatch({ type: 'negotiateResult', item, rq, answer, price, outcome });
    },

    async takeSession() {
      const s = store.getSnapshot();
      if (s.account.kind !== 'account' || !s.account.moved) return;
      dispatch({ type: 'sessionTakeBack' });
      let outcome: ServerAnswer;
      try {
        const out = await client.takeSession();
        outcome = out.ok ? { ok: true } : { ok: false, reason: out.timeout ? NO_ANSWER : out.reason };
      } catch (err) {
        outcome = { ok: false, reason: (err as Error).message };
      }
      // Logged in: the 'session' event says so. Denied: the account stays without a session, and says why.
      if (!outcome.ok) dispatch({ type: 'loginFailed', reason: outcome.reason });
    },

    informCheckout: (id, form) => informCheckout({ client, store, onAddress: opts.onCheckoutAddress }, id, form),

    quit: opts.quit,
  };
}
