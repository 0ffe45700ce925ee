// Closure and purchase over TCP (PROTOCOL.md §7). For every closed auction the server connects out to
// each party and carries the exchange: WINNER/SOLD + INFORM_Req → INFORM_Res → PURCHASE_COMPLETE /
// Shipping_Info, or CANCEL; NON_OFFER to the seller when nothing sold.
//
// Crash safety: each decision is committed and made durable (store.flush) before it is acted on, and
// the closure record says what is left to do, so after a restart `resumeAll` continues each unfinished
// closure: a completed sale only gets its final messages re-delivered, never a second WINNER.
import { nanoid } from 'nanoid';
import { expiryError, format, lastFour, parse, redact } from '../../shared/protocol/index.js';
import type { Message, TcpMessage } from '../../shared/protocol/messages.js';
import type { Services } from '../services.js';
import type { Closure, PartyRole } from '../state/model.js';
import { nameKey } from '../state/model.js';
import { settlement } from '../rules/auction-rules.js';
import { PartyLink } from './party-link.js';

/** inform: ask for details; wait: answered, waiting for the other party; final: tell the outcome. */
type Phase = 'inform' | 'wait' | 'final' | 'done';

/**
 * Parses an INFORM_Res line. An empty Address (§7 "non-empty address") leaves the line one field
 * short, which the codec can only call "the wrong number of fields"; say what is actually missing.
 */
function parseInformRes(line: string): { ok: true; msg: Message } | { ok: false; problem: string } {
  const parsed = parse(line, 'tcp');
  if (parsed.ok) return parsed;
  const tokens = line.split(' ').filter((x) => x !== '');
  if (tokens[0] === 'INFORM_Res' && tokens.length === 5) {
    const withAddress = parse(`${tokens.join(' ')} -`, 'tcp');
    if (withAddress.ok) return { ok: false, problem: 'Address is empty' };
    return { ok: false, problem: `invalid INFORM_Res (${withAddress.error.message})` };
  }
  return { ok: false, problem: `invalid INFORM_Res (${parsed.error.message})` };
}

class ClosureJob {
  readonly links = new Map<PartyRole, PartyLink>();
  private deadlineTimer: NodeJS.Timeout | null = null;
  private finished = false;

  constructor(
    private readonly s: Services,
    readonly auctionId: string,
    private readonly onDone: () => void,
  ) {}

  private get closure(): Closure {
    return this.s.house.doc.closures[this.auctionId];
  }

  start(): void {
    const c = this.closure;
    const parties: PartyRole[] = c.buyer ? ['buyer', 'seller'] : ['seller'];
    for (const role of parties) {
      const p = role === 'buyer' ? c.buyer! : c.seller;
      const link = new PartyLink(
        this.s,
        this.auctionId,
        role,
        p.name,
        (line, error) => this.onLine(role, line, error),
        () => this.checkDone(),
        (n) => this.onJunk(role, n),
      );
      this.links.set(role, link);
    }
    if (c.state === 'pending') {
      // Both answers recorded but the decision not (a crash between the two writes): decide now.
      if (c.seller.answer && (!c.buyer || c.buyer.answer)) return void this.complete();
      const wait = Math.max(0, c.deadline - this.s.house.now());
      this.deadlineTimer = setTimeout(() => this.timeout(), wait);
    }
    this.advance();
  }

  /** Put each party in the phase the durable record calls for. */
  private advance(): void {
    const c = this.closure;
    for (const [role, link] of this.links) {
      const party = role === 'buyer' ? c.buyer! : c.seller;
      const phase = this.phaseOf(role);
      if (phase === 'inform' && !link.busy)
        link.converse(
          [this.opening(role), format({ type: 'INFORM_Req', rq: c.rq, item: c.item, finalPrice: c.finalCents })],
          true,
          c.deadline,
        );
      if (phase === 'final' && !party.delivered) {
        // Finals are re-delivered for a while after the decision, even past the answer deadline.
        link.deliver(
          this.finalFor(role),
          Math.max(c.deadline, this.s.house.now() + this.s.house.config.informTimeoutS * 1000),
          async () => {
            this.s.house.commit({ t: 'closure-delivered', auctionId: this.auctionId, party: role });
            await this.s.house.store.flush().catch(() => undefined);
            this.checkDone();
          },
        );
      }
    }
    this.checkDone();
  }

  private phaseOf(role: PartyRole): Phase {
    const c = this.closure;
    const party = role === 'buyer' ? c.buyer! : c.seller;
    if (party.delivered) return 'done';
    if (c.state === 'pending') return party.answer ? 'wait' : 'inform';
    return 'final';
  }

  private opening(role: PartyRole): string {
    const c = this.closure;
    return role === 'buyer'
      ? format({ type: 'WINNER', rq: c.rq, item: c.item, finalPrice: c.finalCents, seller: c.seller.name })
      : format({ type: 'SOLD', rq: c.rq, item: c.item, finalPrice: c.finalCents, buyer: c.buyer!.name });
  }

  private finalFor(role: PartyRole): string {
    const c = this.closure;
    switch (c.state) {
      case 'unsold':
        return format({ type: 'NON_OFFER', rq: c.rq, item: c.item });
      case 'cancelled':
        return format({ type: 'CANCEL', rq: c.rq, reason: c.reason ?? 'Sale cancelled' });
      case 'complete':
        return role === 'buyer'
          ? format({ type: 'PURCHASE_COMPLETE', rq: c.rq, item: c.item, finalPrice: c.finalCents })
          : format({ type: 'Shipping_Info', rq: c.rq, buyer: c.buyer!.name, address: c.buyer!.answer!.address });
      default:
        throw new Error(`no final message for a ${c.state} closure`);
    }
  }

  /**
   * A line from a party while we wait for its INFORM_Res. Returns false for a line that moved nothing
   * forward (blank, or chatter after the answer): the link counts those against JUNK_LINE_LIMIT.
   */
  private onLine(role: PartyRole, line: string, framingError?: string): boolean {
    const c = this.closure;
    if (c.state !== 'pending' || (!framingError && line.trim() === '')) return false;
    const party = role === 'buyer' ? c.buyer! : c.seller;
    if (party.answer) return false; // already answered; ignore chatter
    if (framingError) {
      void this.cancel(`${role === 'buyer' ? 'Buyer' : 'Seller'} ${party.name}: invalid INFORM_Res (${framingError})`);
      return true;
    }
    const parsed = parseInformRes(line);
    const problem = parsed.ok ? this.informProblem(role, parsed.msg) : parsed.problem;
    if (problem) {
      void this.cancel(`${role === 'buyer' ? 'Buyer' : 'Seller'} ${party.name}: ${problem}`);
      return true;
    }
    const m = (parsed as { msg: Extract<TcpMessage, { type: 'INFORM_Res' }> }).msg;
    this.s.house.commit({
      t: 'closure-answer',
      auctionId: this.auctionId,
      party: role,
      last4: lastFour(m.card),
      expiry: m.expiry,
      address: m.address,
    });
    this.links.get(role)!.holdOpen();
    if ((!c.buyer || c.buyer.answer) && c.seller.answer) void this.complete();
    return true;
  }

  /** A party sent only lines that moved nothing forward: a sale still waiting for its answer is cancelled. */
  private onJunk(role: PartyRole, lines: number): boolean {
    const c = this.closure;
    const party = role === 'buyer' ? c.buyer : c.seller;
    if (c.state !== 'pending' || !party || party.answer) return false; // answered: its outcome comes later
    void this.cancel(`${role === 'buyer' ? 'Buyer' : 'Seller'} ${party.name}: ${lines} lines and no INFORM_Res`);
    return true;
  }

  private informProblem(role: PartyRole, m: Message): string | null {
    const c = this.closure;
    const party = role === 'buyer' ? c.buyer! : c.seller;
    if (m.type !== 'INFORM_Res') return `expected INFORM_Res, got ${m.type}`;
    if (m.rq !== c.rq) return `INFORM_Res RQ# ${m.rq} does not match INFORM_Req ${c.rq}`;
    if (nameKey(m.name) !== nameKey(party.name)) return `Name ${m.name} is not the account name ${party.name}`;
    const exp = expiryError(m.expiry, new Date(this.s.house.now()));
    if (exp) return `CC_Exp_Date ${exp}`;
    return null;
  }

  /** Both parties answered validly: charge, credit, record one transaction, then tell both. */
  private async complete(): Promise<void> {
    const c = this.closure;
    if (c.state !== 'pending') return;
    const { charged, credited, commissionCents } = settlement(c.finalCents, this.s.house.config.commission);
    this.s.house.commit({
      t: 'closure-complete',
      auctionId: this.auctionId,
      transaction: {
        id: nanoid(12),
        auctionId: this.auctionId,
        item: c.item,
        buyer: c.buyer!.name,
        seller: c.seller.name,
        chargedCents: charged,
        creditedCents: credited,
        commissionCents,
        buyerCardLast4: c.buyer!.answer!.last4,
        sellerCardLast4: c.seller.answer!.last4,
        at: this.s.house.now(),
      },
    });
    this.s.log.info(
      `sale of ${c.item} complete: ${c.buyer!.name} charged ${charged}c, ${c.seller.name} credited ${credited}c, commission ${commissionCents}c`,
    );
    await this.decided();
  }

  private async cancel(why: string): Promise<void> {
    if (this.closure.state !== 'pending') return;
    // The reason goes to disk, the log and both parties: never a card-like digit run in full (§7).
    const reason = redact(why);
    this.s.house.commit({ t: 'closure-cancel', auctionId: this.auctionId, reason });
    this.s.log.info(`sale of ${this.closure.item} cancelled: ${reason}`);
    await this.decided();
  }

  private timeout(): void {
    const c = this.closure;
    if (c.state !== 'pending') return;
    const silent = [c.buyer, c.seller].filter((p) => p && !p.answer).map((p) => p!.name);
    void this.cancel(`No payment details from ${silent.join(' and ')} within ${this.s.house.config.informTimeoutS} s`);
  }

  /** The decision is durable before anyone is told (crash safety). */
  private async decided(): Promise<void> {
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = null;
    try {
      await this.s.house.store.flush();
    } catch {
      return;
    }
    this.advance();
  }

  partyOnline(name: string): void {
    for (const link of this.links.values()) if (nameKey(link.name) === nameKey(name)) link.retryNow();
  }

  private checkDone(): void {
    const c = this.closure;
    if (this.finished || !c || c.state === 'pending') return;
    const outstanding = [...this.links.entries()].some(([role, link]) => {
      const p = role === 'buyer' ? c.buyer! : c.seller;
      return !p.delivered && !link.gaveUp;
    });
    if (!outstanding) {
      this.finished = true;
      this.stop();
      this.onDone();
    }
  }

  stop(): void {
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = null;
    for (const l of this.links.values()) l.stop();
  }
}

export class ClosureRunner {
  private jobs = new Map<string, ClosureJob>();
  /** Parties whose outcome delivery was given up (name key → auction ids): tried again when they LOGIN. */
  private stranded = new Map<string, Set<string>>();
  private stopped = false;

  constructor(private readonly s: Services) {}

  /** Start the purchase of an auction that just closed (its closure record is committed). */
  begin(auctionId: string): void {
    if (this.stopped || this.jobs.has(auctionId)) return;
    const job = new ClosureJob(this.s, auctionId, () => {
      this.jobs.delete(auctionId);
      this.ended(auctionId);
    });
    this.jobs.set(auctionId, job);
    // Act only once the closure record is durable (§8: every step recorded before it is acted on).
    this.s.house.store.flush().then(
      () => {
        if (!this.stopped && this.jobs.get(auctionId) === job) job.start();
      },
      () => undefined,
    );
  }

  /**
   * After a restart: continue every closure with something left to do, and archive (§8) those that
   * ended — after a crash before their archive change, or in a data file of the format before the
   * archive, whose closed auctions all stayed in db.json (migrated here, once).
   */
  resumeAll(): void {
    const { house, log } = this.s;
    let archived = 0;
    for (const c of Object.values(house.doc.closures)) {
      const undelivered = [c.buyer, c.seller].some((p) => p && !p.delivered && !p.lastError?.startsWith('gave up'));
      if (c.state === 'pending' || undelivered) this.begin(c.auctionId);
      else if (this.ended(c.auctionId)) archived++;
    }
    // A closed auction without a closure record (none is made without one; a hand-edited file): history too.
    for (const a of Object.values(house.doc.auctions))
      if (a.status === 'closed' && !house.doc.closures[a.id] && house.archive(a.id)) archived++;
    if (archived) log.info(`moved ${archived} ended auction${archived === 1 ? '' : 's'} to the history archive`);
  }

  /** The closure's job is over (outcomes delivered or given up): archive it, and note who is still to be told. */
  private ended(auctionId: string): boolean {
    const archived = this.s.house.archive(auctionId);
    this.noteStranded(auctionId);
    return archived;
  }

  private noteStranded(auctionId: string): void {
    const c = this.s.house.doc.closures[auctionId];
    if (!c || c.state === 'pending') return;
    for (const p of [c.buyer, c.seller]) {
      if (!p || p.delivered || !p.lastError?.startsWith('gave up')) continue;
      const k = nameKey(p.name);
      if (!this.stranded.has(k)) this.stranded.set(k, new Set());
      this.stranded.get(k)!.add(auctionId);
    }
  }

  /** §7: a party that LOGINs is retried at once — also for an outcome whose delivery had been given up. */
  partyOnline(name: string): void {
    for (const j of this.jobs.values()) j.partyOnline(name);
    const ids = this.stranded.get(nameKey(name));
    if (!ids) return;
    this.stranded.delete(nameKey(name));
    for (const id of ids) this.begin(id);
  }

  get active(): number {
    return this.jobs.size;
  }

  stop(): void {
    this.stopped = true;
    for (const j of this.jobs.values()) j.stop();
    this.jobs.clear();
  }
}
