// sourceKey (limits.ts): what the per-source limits, watch caps and fair shares are kept for.
import { sourceKey } from './limits.js';

test.each([
  ['127.0.0.71', '127.0.0.71'],
  ['::ffff:10.1.2.3', '10.1.2.3'],
  ['2001:db8:1:2::5', '2001:db8:1:2::/64'],
  ['2001:0db8:0001:0002:ffff:0:0:9', '2001:db8:1:2::/64'],
  ['2001:DB8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
  ['2001:db8::1', '2001:db8:0:0::/64'],
  ['fe80::1%eth0', 'fe80:0:0:0::/64'],
  ['::1', '0:0:0:0::/64'],
])('%s → %s', (ip, key) => {
  expect(sourceKey(ip)).toBe(key);
});
