// One canonical spelling for every socket address the server sees (issue 20.6). On a dual-stack socket
// (`--host ::`) an IPv4 client arrives as `::ffff:127.0.0.1` while it REGISTERs as `127.0.0.1`; IPv6
// has many spellings of one address (`0:0::1`, `::1`, upper case). Every address is turned into its
// canonical form once, where it enters (the UDP adapter, REGISTER/LOGIN fields, replayed bindings), so
// bindings, memos, limits and watchers all compare like with like.
import { isIP, SocketAddress } from 'node:net';

const MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/**
 * The canonical text of an IP address literal: an IPv4-mapped IPv6 address as plain IPv4, IPv6 in its
 * shortest lower-case form (RFC 5952) with any zone id kept; anything that is not a literal unchanged
 * (it will match no binding, which is what it deserves).
 */
export function canonicalIp(ip: string): string {
  // Fast paths, taken by every datagram: IPv4 as the kernel prints it, and the mapped form of it.
  if (!ip.includes(':')) return ip;
  if (ip.length <= 22 && /^::ffff:/i.test(ip) && isIP(ip.slice(7)) === 4) return ip.slice(7);
  if (isIP(ip) !== 6) return ip;
  const zoneAt = ip.indexOf('%');
  const bare = zoneAt < 0 ? ip : ip.slice(0, zoneAt);
  const zone = zoneAt < 0 ? '' : ip.slice(zoneAt);
  let text: string;
  try {
    text = new SocketAddress({ address: bare, family: 'ipv6' }).address;
  } catch {
    return ip.toLowerCase();
  }
  const v4 = MAPPED.exec(text);
  return v4 ? v4[1] : text + zone;
}

/**
 * The address to hand a socket of `socketFamily`: a udp6 socket cannot send to a bare IPv4 literal
 * (EINVAL), so on a dual-stack socket IPv4 goes out in its mapped form.
 */
export function socketIp(ip: string, socketFamily: 4 | 6): string {
  return socketFamily === 6 && isIP(ip) === 4 ? `::ffff:${ip}` : ip;
}
