// A raw UDP peer for integration tests: a real socket on 127.0.0.1 that sends protocol text and
// awaits datagrams by predicate (events, never fixed sleeps).
import dgram from 'node:dgram';
import { WAIT_MS } from '../../scripts/lib/event-log.js';

export interface Waiter {
  match: (text: string) => boolean;
  resolve: (t: string) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class UdpPeer {
  readonly received: string[] = [];
  /** The source port of each datagram in `received` (which server of a house sent it, §9). */
  readonly receivedFrom: number[] = [];
  private waiters: Waiter[] = [];
  private cursor = 0;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly port: number,
    private server: { host: string; port: number },
  ) {
    socket.on('message', (buf, rinfo) => {
      const t = buf.toString('utf8');
      this.received.push(t);
      this.receivedFrom.push(rinfo.port);
      for (const w of [...this.waiters]) {
        if (w.match(t)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          clearTimeout(w.timer);
          w.resolve(t);
        }
      }
    });
  }

  /** `ip`: the local address to send from (loopback has all of 127.0.0.0/8: other sources for tests). */
  static async open(server: { host?: string; udpPort: number }, ip = '127.0.0.1'): Promise<UdpPeer> {
    const s = dgram.createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, ip, () => r()));
    const p = new UdpPeer(s, s.address().port, { host: server.host ?? '127.0.0.1', port: server.udpPort });
    p.ip = ip;
    return p;
  }

  /** The local address it sends from. */
  ip = '127.0.0.1';

  /** Send to another server from the same socket (a restarted server on a new port: same source address). */
  retarget(server: { host?: string; udpPort: number }): void {
    this.server = { host: server.host ?? '127.0.0.1', port: server.udpPort };
  }

  send(text: string | Buffer): void {
    this.socket.send(text, this.server.port, this.server.host);
  }

  /** The first datagram (received from now on, or already received after the cursor) that matches. */
  next(match: RegExp | ((t: string) => boolean), timeoutMs = WAIT_MS): Promise<string> {
    const m = typeof match === 'function' ? match : (t: string) => match.test(t);
    for (let i = this.cursor; i < this.received.length; i++) {
      if (m(this.received[i])) {
        this.cursor = i + 1;
        return Promise.resolve(this.received[i]);
      }
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        reject(
          new Error(
            `no datagram matching ${String(match)} within ${timeoutMs} ms; got: ${JSON.stringify(this.received.slice(-8))}` +
              (this.context ? `\n${this.context()}` : ''),
          ),
        );
      }, timeoutMs);
      this.waiters.push({
        match: m,
        resolve: (t) => {
          this.cursor = this.received.length;
          resolve(t);
        },
        reject,
        timer,
      });
    });
  }

  /**
   * Set, `request` sends the same datagram again this often until its reply comes, as a client does
   * (§3: a duplicate is answered from memory). For a house (§9), where a datagram that arrives while
   * no server leads is lost by design; a lone server on loopback is asked once, so a lost reply fails.
   */
  retryEveryMs: number | null = null;

  /** What a timeout's error adds, such as the servers' output (a house test's only view of why). */
  context: (() => string) | null = null;

  /** Send a request and await the reply carrying its RQ# (the second token). */
  async request(text: string, timeoutMs = WAIT_MS): Promise<string> {
    const rq = text.split(' ')[1];
    const p = this.next(
      (t) => t.split(' ')[1] === rq && !/^(AUCTION_ANNOUNCE|BID_UPDATE|NEGOTIATE_REQ|AUCTION_CLOSED) /.test(t),
      timeoutMs,
    );
    this.send(text);
    if (this.retryEveryMs === null) return p;
    const timer = setInterval(() => this.send(text), this.retryEveryMs);
    return p.finally(() => clearInterval(timer));
  }

  /** REGISTER with this socket's own address (§4). */
  register(
    rq: number,
    name: string,
    role: 'buyer' | 'seller',
    tcpPort = 1,
    secret = 'test-secret-0123456789',
  ): Promise<string> {
    return this.request(`REGISTER ${rq} ${name} ${role} ${this.ip} ${this.port} ${tcpPort} ${secret}`);
  }

  close(): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error('peer closed'));
    }
    this.waiters = [];
    this.socket.close();
  }
}
