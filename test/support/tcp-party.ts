// A client party's TCP side for integration tests (PROTOCOL.md §7): a real listener on 127.0.0.1
// that accepts the connections the server opens at closure, frames what it reads with the shared
// LineDecoder, and lets a test await lines by predicate and answer on the connection they came on.
// Events only: `next` waits for a line, `closed` for the server to end a connection.
import net from 'node:net';
import { LineDecoder } from '../../shared/protocol/index.js';
import { WAIT_MS } from '../../scripts/lib/event-log.js';

export interface PartyConnection {
  socket: net.Socket;
  /** Lines received on this connection, in order. */
  lines: string[];
  /** Resolves when the connection has closed (either side). */
  closed: Promise<void>;
  send(line: string): void;
}

interface LineWaiter {
  match: (t: string) => boolean;
  resolve: (v: { line: string; conn: PartyConnection }) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class TcpParty {
  /** Every line received, across connections, in arrival order. */
  readonly received: Array<{ line: string; conn: PartyConnection }> = [];
  readonly connections: PartyConnection[] = [];
  /** The connection the line last returned by `next` came on: `send` answers there. */
  conn: PartyConnection | null = null;
  private waiters: LineWaiter[] = [];
  private cursor = 0;
  private server: net.Server | null = null;
  port = 0;
  /** Accept and at once hang up every connection (a client that is up but broken). */
  hangUpOnAccept = false;

  private constructor() {}

  /** Listen on 127.0.0.1 (port 0: any free port). */
  static async listen(port = 0): Promise<TcpParty> {
    const p = new TcpParty();
    await p.listen(port);
    return p;
  }

  /** (Re)open the listener, on the given port or, by default, on the one used before. */
  async listen(port = this.port): Promise<void> {
    if (this.server) throw new Error('already listening');
    const server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
  }

  private accept(socket: net.Socket): void {
    const decoder = new LineDecoder();
    let done!: () => void;
    const conn: PartyConnection = {
      socket,
      lines: [],
      closed: new Promise<void>((r) => {
        done = r;
      }),
      send: (line) => {
        socket.write(`${line}\n`);
      },
    };
    this.connections.push(conn);
    if (this.hangUpOnAccept) socket.destroy();
    socket.on('data', (chunk) => {
      for (const r of decoder.push(chunk)) {
        const line = r.ok ? r.line : `!bad line: ${r.reason}`;
        conn.lines.push(line);
        this.received.push({ line, conn });
        for (const w of [...this.waiters]) {
          if (w.match(line)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            clearTimeout(w.timer);
            this.cursor = this.received.length;
            this.conn = conn;
            w.resolve({ line, conn });
          }
        }
      }
    });
    socket.on('error', () => undefined); // a reset by the server is an ordinary close here
    socket.on('close', () => done());
  }

  /** The first line (received after the cursor, or arriving later) that matches; answers go to its connection. */
  async next(match: RegExp | ((t: string) => boolean), timeoutMs = WAIT_MS): Promise<string> {
    const m = typeof match === 'function' ? match : (t: string) => match.test(t);
    for (let i = this.cursor; i < this.received.length; i++) {
      if (m(this.received[i].line)) {
        this.cursor = i + 1;
        this.conn = this.received[i].conn;
        return this.received[i].line;
      }
    }
    const got = await new Promise<{ line: string; conn: PartyConnection }>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        reject(
          new Error(
            `TCP party :${this.port}: no line matching ${String(match)} within ${timeoutMs} ms; got: ${JSON.stringify(this.lines().slice(-8))}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push({ match: m, resolve, reject, timer });
    });
    return got.line;
  }

  /** Write one line on the connection of the last line returned by `next`. */
  send(line: string): void {
    if (!this.conn) throw new Error('no connection to answer on');
    this.conn.send(line);
  }

  /** Every line received so far. */
  lines(): string[] {
    return this.received.map((r) => r.line);
  }

  /** Lines received so far that start with this command word. */
  count(command: string): number {
    return this.lines().filter((l) => l.split(' ')[0] === command).length;
  }

  /** Stop accepting (the port refuses connections) and drop every open connection. */
  async stopListening(): Promise<void> {
    for (const c of this.connections) c.socket.destroy();
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  async close(): Promise<void> {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error('party closed'));
    }
    this.waiters = [];
    await this.stopListening();
  }
}

/** A TCP port on 127.0.0.1 with nothing listening on it (connections are refused). */
export async function closedPort(): Promise<number> {
  const p = await TcpParty.listen();
  const port = p.port;
  await p.close();
  return port;
}
