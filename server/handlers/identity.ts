// §2/§4: in REGISTER and LOGIN, IP and UDP_Port must equal the datagram's source address, so the
// server never sends to an address that did not ask.
import type { Addr } from '../house.js';

export function sameAddressAsSource(msg: { ip: string; udpPort: number }, from: Addr): string | null {
  const norm = (ip: string): string => ip.replace(/^::ffff:/, '').toLowerCase();
  if (norm(msg.ip) !== norm(from.ip) || msg.udpPort !== from.port) {
    return `IP and UDP_Port must be this datagram's source address ${from.ip} ${from.port} (got ${msg.ip} ${msg.udpPort})`;
  }
  return null;
}

export const NOT_REGISTERED = 'Not registered: REGISTER or LOGIN from this address first';
