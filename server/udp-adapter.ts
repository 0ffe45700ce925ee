// Thin UDP adapter: datagrams in → dispatch; text out → socket. Knows nothing of the protocol.
import dgram from 'node:dgram';
import { lookup as dnsLookup } from 'node:dns';
import { isIP, isIPv6 } from 'node:net';
import type { Addr } from './house.js';
import { canonicalIp, socketIp } from './ip.js';
import type { Dispatch } from './dispatch.js';
import type { Logger } from './log.js';

export interface UdpAdapter {
  port: number;
  send: (to: Addr, data: string | Buffer) => void;
  close(): Promise<void>;
}

/**
 * Every destination is an address literal (a client's registered source address, §2), so resolve
 * literals synchronously: dgram's default dns.lookup costs a lookup call and a nextTick per datagram,
 * which at one reply plus a dozen BID_UPDATEs per bid was a measurable share of the server's CPU.
 * A host name (only ever --host, at bind) still goes through dns.lookup.
 */
function literalLookup(
  hostname: string,
  options: unknown,
  cb: (err: Error | null, address: string, family: number) => void,
): void {
  const family = isIP(hostname);
  if (family) cb(null, hostname, family);
  else dnsLookup(hostname, typeof options === 'number' ? { family: options } : (options as object), cb);
}

export async function bindUdp(host: string, port: number, dispatch: Dispatch, log: Logger): Promise<UdpAdapter> {
  const family = isIPv6(host) ? 6 : 4;
  const socket = dgram.createSocket({
    type: family === 6 ? 'udp6' : 'udp4',
    lookup: literalLookup,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  // Bigger kernel buffers ride out bursts (the last minute of an auction) instead of dropping.
  try {
    socket.setRecvBufferSize(8 * 1024 * 1024);
    socket.setSendBufferSize(8 * 1024 * 1024);
  } catch {
    /* capped by the OS */
  }
  // Every source address in its canonical form (ip.ts): on a dual-stack socket an IPv4 client is
  // `::ffff:a.b.c.d` to the kernel but `a.b.c.d` in its REGISTER and in every binding.
  socket.on('message', (buf, rinfo) => dispatch(buf, { ip: canonicalIp(rinfo.address), port: rinfo.port }));
  socket.on('error', (e) => log.error('udp', e.message));
  // Sends carry no per-datagram callback: with one, Node allocates a completion and queues a nextTick
  // for every datagram. A failed UDP send is best effort anyway (§6); clients retransmit requests (§3).
  let closed = false;
  return {
    port: socket.address().port,
    send: (to, data) => {
      if (closed) return;
      try {
        socket.send(data, to.port, socketIp(to.ip, family));
      } catch (e) {
        log.error('udp', `send failed: ${(e as Error).message}`);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        socket.close(() => resolve());
      }),
  };
}
