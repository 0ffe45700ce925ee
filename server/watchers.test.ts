// Watchers (§5 Watching, issue 20.4): cookies, the per-source cap, and one shared list of live
// watchers that a push reads without walking the table again while nobody comes or goes.
import { Watchers, WATCHES_PER_SOURCE } from './watchers.js';

let clock = 0;
const now = (): number => clock;
beforeEach(() => {
  clock = 1_000_000;
});

test("a cookie is valid for its address in its minute and the next, not for another address's", () => {
  const w = new Watchers(60, 1000, now);
  const a = { ip: '127.0.0.1', port: 4000 };
  const c = w.cookieFor(a);
  expect(w.cookieValid(a, c)).toBe(true);
  expect(w.cookieValid({ ip: '127.0.0.1', port: 4001 }, c)).toBe(false);
  expect(w.cookieValid(a, c.slice(1))).toBe(false); // another length: no throw, just false
  clock += 60_000;
  expect(w.cookieValid(a, c)).toBe(true);
  clock += 60_000;
  expect(w.cookieValid(a, c)).toBe(false);
});

test('IPv6 sources share one cap per /64; other /64s have their own', () => {
  const w = new Watchers(60, 1000, now, 'all');
  for (let i = 0; i < WATCHES_PER_SOURCE; i++) expect(w.watch({ ip: `2001:db8:1:2::${i + 1}`, port: 5 })).toBeNull();
  expect(w.watch({ ip: '2001:db8:1:2:ffff::9', port: 5 })).toBe('Too many watchers from this address; try again later');
  expect(w.watch({ ip: '2001:db8:1:3::1', port: 5 })).toBeNull();
  // ended watches free their source's slots
  clock += 61_000;
  expect(w.watch({ ip: '2001:db8:1:2::99', port: 5 })).toBeNull();
  expect(w.fromSource('2001:db8:1:2::1')).toBe(1);
});

test('the live list is one shared array until a watcher comes or goes', () => {
  const w = new Watchers(60, 1000, now);
  for (let i = 0; i < 100; i++) w.watch({ ip: '127.0.0.1', port: 1000 + i });
  const list = w.active();
  expect(list).toHaveLength(100);
  clock += 30_000;
  w.watch({ ip: '127.0.0.1', port: 1000 }); // a renewal: no change
  expect(w.active()).toBe(list);
  w.watch({ ip: '127.0.0.1', port: 2000 });
  const grown = w.active();
  expect(grown).not.toBe(list);
  expect(grown).toHaveLength(101);
  clock += 31_000; // all but the renewed one and the newcomer ended
  expect(w.active().map(([k]) => k)).toEqual(['127.0.0.1:1000', '127.0.0.1:2000']);
});
