// The load tools' UDP sockets (bench, flood, chaos): all on loopback, each with a receive buffer large
// enough that the tool, not the kernel, is what decides what gets lost.
import dgram from 'node:dgram';
import { once } from 'node:events';

export const HOST = '127.0.0.1';

/** A socket bound to an ephemeral port; `rcvBuf` asks for that receive buffer (the kernel may cap it). */
export async function openSocket(rcvBuf?: number): Promise<dgram.Socket> {
  const sock = dgram.createSocket('udp4');
  sock.bind(0, HOST);
  await once(sock, 'listening');
  if (rcvBuf !== undefined) {
    try {
      sock.setRecvBufferSize(rcvBuf);
    } catch {
      /* capped by net.core.rmem_max: the default stays */
    }
  }
  return sock;
}

/** The first UDP port in [from, to] nothing listens on (a fixed port survives the server's restarts). */
export async function freePort(from: number, to: number): Promise<number> {
  for (let p = from; p <= to; p++) {
    const s = dgram.createSocket('udp4');
    const ok = await new Promise<boolean>((resolve) => {
      s.once('error', () => resolve(false));
      s.bind(p, HOST, () => resolve(true));
    });
    s.close();
    if (ok) return p;
  }
  throw new Error(`no free UDP port in ${from}–${to}`);
}
