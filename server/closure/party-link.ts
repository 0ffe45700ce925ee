// One party's side of a closure: the TCP connections the server opens to it (§7). It connects to
// the address the party is bound to *now*, retries with backoff while the party is unreachable (and
// at once when it logs in again), frames what it reads with LineDecoder (4096-byte lines) and
// reports each line to the job. It never decides anything itself.
import net from 'node:net';
import { LineDecoder, parse } from '../../shared/protocol/index.js';
import type { Services } from '../services.js';
import { addrKey } from '../house.js';
import type { PartyRole } from '../state/model.js';
import { safeText, unparsedSummary } from '../log.js';

const CONNECT_TIMEOUT_MS = 5_000;
/**
 * Lines on one connection that move nothing forward (blank lines, chatter after the answer, anything
 * while only an outcome is being delivered) tolerated before the party is treated as broken: the job
 * cancels a sale still waiting for its answer, and the connection is dropped. Bounds what such lines
 * cost in CPU and log (4 MiB of blank lines were 206 MB of log and a sale that never ended).
 */
export const JUNK_LINE_LIMIT = 16;
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 5_000;

type Task =
  | { kind: 'converse'; lines: string[]; until: number }
  | { kind: 'deliver'; line: string; until: number; onDelivered: () => void };

export class PartyLink {
  private socket: net.Socket | null = null;
  private task: Task | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  /** The "address not verified" warning was logged (once per link: retries would repeat it). */
  private unverifiedLogged = false;
  private stopped = false;
  /** The party answered; keep the connection to deliver the outcome on it. */
  private answered = false;
  gaveUp = false;

  constructor(
    private readonly s: Services,
    private readonly auctionId: string,
    readonly role: PartyRole,
    readonly name: string,
    /** A line while conversing; returns false if it moved nothing forward (it counts as junk). */
    private readonly onLine: (line: string, framingError?: string) => boolean,
    private readonly onChange: () => void,
    /**
     * JUNK_LINE_LIMIT junk lines arrived on one connection. True: the job is cancelling the sale, keep
     * the connection (further lines are dropped unread) to deliver the CANCEL on it; false: drop it.
     */
    private readonly onJunk: (lines: number) => boolean,
  ) {}

  /** A conversation (asking for INFORM_Res) is under way or waiting to retry. */
  get busy(): boolean {
    return this.task?.kind === 'converse';
  }

  converse(lines: string[], _expectAnswer: true, until: number): void {
    this.task = { kind: 'converse', lines, until };
    this.answered = false;
    this.connect();
  }

  deliver(line: string, until: number, onDelivered: () => void): void {
    this.task = { kind: 'deliver', line, until, onDelivered };
    const sock = this.socket;
    if (sock && !sock.destroyed && sock.writable && !sock.connecting) return this.writeFinal(sock);
    this.connect();
  }

  holdOpen(): void {
    this.answered = true;
  }

  retryNow(): void {
    if (!this.task || this.socket || this.stopped) return;
    // Answered and waiting for the other party: nothing to say until the outcome (no second WINNER).
    if (this.task.kind === 'converse' && this.answered) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.attempt = 0;
    this.connect();
  }

  private peer(): string {
    return `${this.role}:${this.name}`;
  }

  private connect(): void {
    if (this.stopped || !this.task || this.socket) return;
    const now = this.s.house.now();
    if (now >= this.task.until) return this.giveUp('deadline passed');
    const acct = this.s.house.account(this.name);
    const addr = acct && this.s.house.addressOf(acct);
    if (!acct || !addr || !acct.tcpPort) return this.scheduleRetry(`${this.name} is not bound to an address`);
    // Issue 20.12: a REGISTER names any TCP port, and the server would connect there. Under
    // `--addresses verified` only to an address known to be the party's: a binding made with its
    // WATCH cookie, or one holding a live WATCH now. (A binding from a run under `any`, or from before
    // v1.2, waits for a LOGIN with a cookie, which retries at once: closure-runner's partyOnline.)
    if (this.s.house.config.addresses === 'verified' && !acct.verified && !this.s.watchers.isWatching(addrKey(addr))) {
      if (!this.unverifiedLogged)
        this.s.log.warn(this.peer(), `not connecting to ${addr.ip}:${acct.tcpPort}: address not verified`);
      this.unverifiedLogged = true;
      return this.scheduleRetry(`${this.name}'s address is not verified (LOGIN with a WATCH cookie)`);
    }
    const sock = net.connect({ host: addr.ip, port: acct.tcpPort });
    this.socket = sock;
    sock.setNoDelay(true);
    sock.setTimeout(CONNECT_TIMEOUT_MS, () => sock.destroy(new Error('connect timeout')));
    const decoder = new LineDecoder();
    let junk = 0;
    sock.on('connect', () => {
      sock.setTimeout(0);
      const t = this.task;
      if (!t) return void sock.end();
      if (t.kind === 'converse') for (const l of t.lines) this.write(sock, l);
      else this.writeFinal(sock);
    });
    sock.on('data', (chunk) => {
      if (junk >= JUNK_LINE_LIMIT) return; // given up on this connection; it is being dropped
      for (const r of decoder.push(chunk)) {
        const converse = this.task?.kind === 'converse';
        let useful: boolean;
        if (r.ok && r.line.trim() === '') {
          useful = converse && this.onLine(r.line); // blank: logged only in the junk summary
          if (!useful) this.s.log.noise('tcp junk', 'tcp<', this.peer(), '(blank line)');
        } else if (r.ok) {
          // The party is there and talking: the next retry, if any, starts from the shortest delay.
          // (Not on connect alone: a party that accepts and hangs up at once would be redialled 4×/s.)
          this.attempt = 0;
          const p = parse(r.line, 'tcp');
          const text = p.ok ? safeText(p.msg) : unparsedSummary(r.line);
          useful = converse && this.onLine(r.line);
          if (useful) this.s.log.event('tcp<', this.peer(), text);
          else this.s.log.noise('tcp junk', 'tcp<', this.peer(), text);
        } else {
          this.s.log.warn(this.peer(), `bad line: ${r.reason}`);
          useful = converse && this.onLine('', r.reason);
        }
        if (!useful && ++junk >= JUNK_LINE_LIMIT) {
          this.s.log.warn(this.peer(), `${junk} lines that moved nothing forward: no longer reading this connection`);
          if (!this.onJunk(junk)) sock.destroy();
          return;
        }
      }
    });
    sock.on('error', (e) => {
      this.s.log.warn(this.peer(), `tcp ${addr.ip}:${acct.tcpPort}: ${e.message}`);
    });
    sock.on('close', () => {
      if (this.socket === sock) this.socket = null;
      if (this.stopped || !this.task) return;
      // Dropped before the exchange finished: try again (an answered party just waits for its outcome).
      if (this.task.kind === 'converse' && this.answered) return;
      this.scheduleRetry('connection closed');
    });
  }

  private write(sock: net.Socket, line: string): void {
    this.s.log.event('tcp>', this.peer(), line);
    sock.write(`${line}\n`);
  }

  private writeFinal(sock: net.Socket): void {
    const t = this.task;
    if (!t || t.kind !== 'deliver') return;
    this.s.log.event('tcp>', this.peer(), t.line);
    sock.end(`${t.line}\n`, (err?: Error | null) => {
      // On an error the socket closes and the 'close' handler retries the delivery.
      if (err || this.stopped || this.task !== t) return;
      this.task = null;
      t.onDelivered();
    });
  }

  private scheduleRetry(why: string): void {
    if (this.stopped || !this.task || this.retryTimer) return;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt++);
    const until = this.task.until;
    if (this.s.house.now() + delay >= until) {
      // One last try right at the deadline is pointless; the job's deadline decides.
      this.retryTimer = setTimeout(
        () => {
          this.retryTimer = null;
          this.giveUp(why);
        },
        Math.max(0, until - this.s.house.now()),
      );
      return;
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private giveUp(why: string): void {
    if (!this.task) return;
    const kind = this.task.kind;
    this.task = null;
    if (kind === 'deliver') {
      this.gaveUp = true;
      this.s.log.error(this.peer(), `gave up delivering the outcome: ${why}`);
      // Recorded so a restart does not retry a delivery that already ran out of time.
      this.s.house.commit({
        t: 'closure-error',
        auctionId: this.auctionId,
        party: this.role,
        error: `gave up: ${why}`,
      });
      this.onChange();
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.socket?.destroy();
    this.socket = null;
  }
}
