// Who is at which address (§4, §5): REGISTER and LOGIN bind a name to the datagram's source address,
// DE-REGISTER ends an account, WATCH lets any address see every public event. The domain side of the
// identity requests; dispatch has already checked who may send what (access.ts).
import type { Login, Register } from '../shared/protocol/messages.js';
import type { Addr } from './house.js';
import type { Market } from './market.js';
import { done, refused, type Outcome } from './outcome.js';
import { hashSecret, verifySecret } from './secrets.js';
import type { Services } from './services.js';
import { nameKey, type Account } from './state/model.js';

/** §2/§4: in REGISTER and LOGIN, IP and UDP_Port must equal the datagram's source address. */
export function sameAddressAsSource(msg: { ip: string; udpPort: number }, from: Addr): string | null {
  const norm = (ip: string): string => ip.replace(/^::ffff:/, '').toLowerCase();
  if (norm(msg.ip) !== norm(from.ip) || msg.udpPort !== from.port) {
    return `IP and UDP_Port must be this datagram's source address ${from.ip} ${from.port} (got ${msg.ip} ${msg.udpPort})`;
  }
  return null;
}

/** WATCH's outcome: a challenge to repeat with the cookie, or the watch granted for `seconds`. */
export type WatchOutcome = { challenge: string } | { seconds: number };

export class Accounts {
  constructor(
    private readonly s: Services,
    private readonly market: Market,
  ) {}

  private get house() {
    return this.s.house;
  }

  /** §5 REGISTER: create the account (secret stored hashed) and bind it to the source address. */
  async register(msg: Register, from: Addr): Promise<Outcome> {
    const mismatch = sameAddressAsSource(msg, from);
    if (mismatch) return refused(mismatch);
    if (this.house.account(msg.name)) return refused(`Name ${msg.name} is already taken`);
    const secretHash = msg.secret ? await hashSecret(msg.secret) : undefined;
    // Hashing yields the event loop: another REGISTER for the same name may have won meanwhile.
    if (this.house.account(msg.name)) return refused(`Name ${msg.name} is already taken`);
    this.house.commit({
      t: 'register',
      name: msg.name,
      role: msg.role,
      ...(secretHash ? { secretHash } : {}),
      ip: msg.ip,
      udpPort: msg.udpPort,
      tcpPort: msg.tcpPort,
      at: this.house.now(),
    });
    return done(undefined, () => this.s.lifecycle.partyOnline(msg.name));
  }

  /** §5 LOGIN (ext): move an account's binding to the source address after checking its secret. */
  async login(msg: Login, from: Addr): Promise<Outcome<Account>> {
    const mismatch = sameAddressAsSource(msg, from);
    if (mismatch) return refused(mismatch);
    const acct = this.house.account(msg.name);
    // One answer for "no such account" and "wrong secret", so names cannot be probed by secret guessing.
    if (!acct || acct.deregistered) return refused(`No account named ${msg.name}`);
    if (!acct.secretHash) return refused(`${acct.name} registered without a secret and cannot log in`);
    if (!(await verifySecret(msg.secret, acct.secretHash))) return refused('Wrong secret');
    this.house.commit({ t: 'login', name: acct.name, ip: msg.ip, udpPort: msg.udpPort, tcpPort: msg.tcpPort });
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
    if (!watchers.watch(from)) return refused('Too many watchers; try again later');
    const seconds = this.house.config.watchSeconds;
    this.s.events.emit('watching', { ip: from.ip, port: from.port, seconds });
    return done({ seconds });
  }
}
