// Issue 20.6: one canonical spelling per address, whatever the socket or the client wrote.
import { canonicalIp, socketIp } from './ip.js';

test.each([
  ['127.0.0.1', '127.0.0.1'],
  ['::ffff:127.0.0.1', '127.0.0.1'],
  ['::FFFF:10.1.2.3', '10.1.2.3'],
  ['::ffff:7f00:1', '127.0.0.1'],
  ['0:0:0:0:0:0:0:1', '::1'],
  ['2001:DB8:0:0::1', '2001:db8::1'],
  ['fe80::1%lo', 'fe80::1%lo'],
  ['not-an-ip', 'not-an-ip'],
])('canonicalIp(%s) = %s', (raw, canonical) => {
  expect(canonicalIp(raw)).toBe(canonical);
});

test('a udp6 socket gets IPv4 in its mapped form; a udp4 socket and IPv6 destinations unchanged', () => {
  expect(socketIp('127.0.0.1', 6)).toBe('::ffff:127.0.0.1');
  expect(socketIp('127.0.0.1', 4)).toBe('127.0.0.1');
  expect(socketIp('::1', 6)).toBe('::1');
});
