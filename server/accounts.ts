// Who is at which address (§4, §5): REGISTER and LOGIN bind a name to the datagram's source address,
// DE-REGISTER ends an account, WATCH lets any address see every public event. The domain side of the
// identity requests; dispatch has already checked who may send what (access.ts).
import type { Login, Register } from '../shared/protocol/messages.js';
import type { Addr } from './house.js';
import type { Market } from './market.js';
import { done, refused, type Outcome } from './outcome.js';
import { canonicalIp } from './ip.js';
import { Limits, sourceKey } from './limits.js';
import { RefusalAnswers, Unanswered } from './refusal-answers.js';
import { RequestRates } from './request-rates.js';
import { hashSecret, SecretQueueFull, verifySecret } from './secrets.js';
import type { Services } from './services.js';
import { nameKey, type Account } from './state/model.js';

/** §2/§4: in REGISTER and LOGIN, IP and UDP_Port must equal the datagram's source address. */
export function sameAddressAsSource(msg: { ip: string; udpPort: number }, from: Addr): string | null {
  // `from` is canonical already (udp-adapter.ts); the field may be any spelling of the same address.
  if (canonicalIp(msg.ip) !== from.ip || msg.udpPort !== from.port) {
    return `IP and UDP_Port must be this datagram's source address ${from.ip} ${from.port} (got ${msg.ip} ${msg.udpPort})`;
  }
  return null;
}

/** WATCH's outcome: a challenge to repeat with the cookie, or the watch granted for `seconds`. */
export type WatchOutcome = { challenge: string } | { seconds: number };

/** §5 LOGIN: one answer for an unknown name, a wrong secret and every other reason, so names cannot be probed. */
export const LOGIN_DENIED = 'Unknown name or wrong secret';
export const NOT_VERIFIED = 'Address not verified: send WATCH and repeat with its cookie';

export class Accounts {
  /** Registrations per source IP, failed LOGINs per name and per IP (§5). */
  readonly limits: Limits;
  /** CATALOG per source, BID/MAX_BID per account per auction, open listings per seller (issue 20.7, 20.8). */
  readonly rates: RequestRates;
  /** Refusals of REGISTER and LOGIN answered per source, the rest dropped (issue 20.3). */
  readonly refusals = new RefusalAnswers();

  constructor(
    private readonly s: Services,
    private readonly market: Market,
  ) {
    this.limits = new Limits(s.house.config.limits, s.house.now);
    this.rates = new RequestRates(
      s.house.config.limits,
      s.house.now,
      (who, text) => s.log.warn(who, text),
      (seller) => s.house.catalog.openBy(seller),
      s.house.config.maxListingsPerSeller,
    );
  }

  /**
   * A secret check, whose refusal for want of room (SecretQueueFull) is answered only within the
   * source's budget of refusals (refusal-answers.ts), else becomes Unanswered.
   */
  private async busy<T>(from: Addr, check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } catch (err) {
      if (err instanceof SecretQueueFull) this.refusals.refusal(from.ip, err.message);
      throw err;
    }
  }

  private get house() {
    return this.s.house;
  }

  /**
   * §5 Address verification: under `--addresses verified` a REGISTER or LOGIN must carry the cookie a
   * WATCH from the same address was challenged with (it proves the address receives what we send, so
   * a forged source cannot bind an address and have pushes sent to it). Under `any` it is optional.
   */
  private unverified(cookie: string | undefined, from: Addr): string | null {
    if (this.house.config.addresses === 'any') return null;
    return this.proven(cookie, from) ? null : NOT_VERIFIED;
  }

  /** The cookie is this address's (whatever `--addresses` says): the binding is recorded as verified. */
  private proven(cookie: string | undefined, from: Addr): boolean {
    return !!cookie && this.s.watchers.cookieValid(from, cookie);
  }

  /** §5 REGISTER: create the account (secret stored hashed) and bind it to the source address. */
  async register(msg: Register, from: Addr): Promise<Outcome> {
    const mismatch = sameAddressAsSource(msg, from);
    if (mismatch) return refused(mismatch);
    const unverified = this.unverified(msg.cookie, from);
    if (unverified) return refused(unverified);
    const limited = this.limits.register(from.ip);
    if (limited) return refused(this.refusals.refusal(from.ip, limited));
    if (this.house.account(msg.name)) return refused(`Name ${msg.name} is already taken`);
    const secretHash = msg.secret ? await this.busy(from, () => hashSecret(msg.secret!, from.ip)) : undefined;
    // Hashing yields the event loop: another REGISTER for the same name may have won meanwhile.
    if (this.house.account(msg.name)) return refused(`Name ${msg.name} is already taken`);
    this.house.commit({
      t: 'register',
      name: msg.name,
      role: msg.role,
      ...(secretHash ? { secretHash } : {}),
      ip: from.ip,
      udpPort: msg.udpPort,
      tcpPort: msg.tcpPort,
      at: this.house.now(),
      ...(this.proven(msg.cookie, from) ? { verified: true as const } : {}),
    });
    return done(undefined, () => this.s.lifecycle.partyOnline(msg.name));
  }

  /** §5 LOGIN (ext): move an account's binding to the source address after checking its secret. */
  async login(msg: Login, from: Addr): Promise<Outcome<Account>> {
    const mismatch = sameAddressAsSource(msg, from);
    if (mismatch) return refused(mismatch);
    const unverified = this.unverified(msg.cookie, from);
    if (unverified) return refused(unverified);
    const key = nameKey(msg.name);
    const before = this.house.account(msg.name);
    // A source the account logged in from before (or is bound at now) is not held back by failures
    // from elsewhere (§5; issue 20.2: strangers could lock the owner out). Kept in the account, on
    // disk: a restart forgets none of them.
    const known = !!before && (before.ip === from.ip || (before.knownFrom?.includes(sourceKey(from.ip)) ?? false));
    const limited = this.limits.loginAttempt(key, from.ip, known);
    if (limited) return refused(this.refusals.refusal(from.ip, limited));
    const hash = before && !before.deregistered ? before.secretHash : undefined;
    // Checked even with no account or no secret (against a hash nothing matches): the same answer in
    // about the same time, so neither the reply nor its timing tells which names exist.
    let match: boolean;
    try {
      match = await this.busy(from, () => verifySecret(msg.secret, hash, from.ip, known));
    } catch (err) {
      // nothing was checked
      if (err instanceof SecretQueueFull || err instanceof Unanswered) this.limits.loginUnchecked(key, from.ip, known);
      throw err;
    }
    // The check yields the event loop: a DE-REGISTER (or anything else) may have been committed
    // meanwhile, so decide on the account as it is now, never on the one read before.
    const acct = this.house.account(msg.name);
    // A failure was counted when the check was admitted (loginAttempt), so nothing to count here.
    if (!match || !acct || acct !== before || acct.deregistered || acct.secretHash !== hash)
      return refused(LOGIN_DENIED);
    this.limits.loginSucceeded(key, from.ip, known);
    this.house.commit({
      t: 'login',
      name: acct.name,
      ip: from.ip,
      udpPort: msg.udpPort,
      tcpPort: msg.tcpPort,
      ...(this.proven(msg.cookie, from) ? { verified: true as const } : {}),
    });
    return done(acct, () => this.s.lifecycle.partyOnline(acct.name));
  }

  /** §5 DE-REGISTER: only your own name, and not while others depend on you. */
  deregister(account: Account, name: string): Outcome {
    if (nameKey(name) !== nameKey(account.name)) return refused(`Not your name: this address is ${account.name}`);
    const busy = this.market.obligations(account);
    if (busy) return refused(busy);
    this.house.commit({ t: 'deregister', name: account.name });
    return done(undefined);
  }

  /** §5 WATCH (ext): challenge with a stateless cookie, then watch for `watchSeconds`. */
  watch(from: Addr, cookie: string | undefined): Outcome<WatchOutcome> {
    const { watchers } = this.s;
    if (!cookie || !watchers.cookieValid(from, cookie)) return done({ challenge: watchers.cookieFor(from) });
    const full = watchers.watch(from); // the server's slots, or this source's share of them (§5)
    if (full) return refused(full);
    const seconds = this.house.config.watchSeconds;
    this.s.events.emit('watching', { ip: from.ip, port: from.port, seconds });
    return done({ seconds });
  }
}
