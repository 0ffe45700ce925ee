// A real UDP relay between clients and the server, for tests that must lose particular datagrams: the
// client talks to the relay as if it were the server, the relay forwards each datagram (from one
// upstream socket per client, so the server sees one source per client) and may drop any of them in
// either direction. The network's loss, not a mock of the server: the server and the client are the real ones.
import dgram from 'node:dgram';

export type Direction = 'up' | 'down';

export interface RelayedDatagram {
  dir: Direction;
  text: string;
  dropped: boolean;
}

export class UdpRelay {
  readonly log: RelayedDatagram[] = [];
  /** Return true to drop a datagram ('up': client → server, 'down': server → client). */
  drop: (dir: Direction, text: string) => boolean = () => false;
  private upstream = new Map<string, dgram.Socket>();

  private constructor(
    private readonly front: dgram.Socket,
    private readonly server: { host: string; port: number },
  ) {
    front.on('message', (buf, from) => this.fromClient(buf, from));
  }

  static async open(server: { host?: string; udpPort: number }): Promise<UdpRelay> {
    const front = dgram.createSocket('udp4');
    await new Promise<void>((r) => front.bind(0, '127.0.0.1', () => r()));
    return new UdpRelay(front, { host: server.host ?? '127.0.0.1', port: server.udpPort });
  }

  /** Where clients send (in place of the server). */
  get address(): { host: string; port: number } {
    return { host: '127.0.0.1', port: this.front.address().port };
  }

  private pass(dir: Direction, buf: Buffer): boolean {
    const text = buf.toString('utf8');
    const dropped = this.drop(dir, text);
    this.log.push({ dir, text, dropped });
    return !dropped;
  }

  private fromClient(buf: Buffer, from: dgram.RemoteInfo): void {
    const key = `${from.address}:${from.port}`;
    let up = this.upstream.get(key);
    if (!up) {
      up = dgram.createSocket('udp4');
      up.bind(0, '127.0.0.1');
      up.on('message', (b) => {
        if (this.pass('down', b)) this.front.send(b, from.port, from.address);
      });
      this.upstream.set(key, up);
    }
    if (this.pass('up', buf)) up.send(buf, this.server.port, this.server.host);
  }

  /** What passed (or was dropped) in one direction, as text. */
  texts(dir: Direction, opts: { dropped?: boolean } = {}): string[] {
    return this.log
      .filter((d) => d.dir === dir && (opts.dropped === undefined || d.dropped === opts.dropped))
      .map((d) => d.text);
  }

  async close(): Promise<void> {
    await Promise.all([this.front, ...this.upstream.values()].map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}
