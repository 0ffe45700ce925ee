// Thin UDP adapter: datagrams in → dispatch; text out → socket. Knows nothing of the protocol.
import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Addr } from './house.js';
import type { Dispatch } from './dispatch.js';
import type { Logger } from './log.js';

export interface UdpAdapter { port: number; send(to: Addr, text: string): void; close(): Promise<void> }

export async function bindUdp(host: string, port: number, dispatch: Dispatch, log: Logger): Promise<UdpAdapter> {
  const socket = dgram.createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4' });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => { socket.off('error', reject); resolve(); });
  });
  // Bigger kernel buffers ride out bursts (the last minute of an auction) instead of dropping.
  try { socket.setRecvBufferSize(8 * 1024 * 1024); socket.setSendBufferSize(8 * 1024 * 1024); } catch { /* capped by the OS */ }
  socket.on('message', (buf, rinfo) => dispatch(buf, { ip: rinfo.address, port: rinfo.port }));
  socket.on('error', (e) => log.error('udp', e.message));
  const onSent = (err: Error | null): void => { if (err) log.error('udp', `send failed: ${err.message}`); };
  return {
    port: socket.address().port,
    send: (to, text) => socket.send(text, to.port, to.ip, onSent),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
