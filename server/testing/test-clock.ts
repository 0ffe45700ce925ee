// The test clock (AUCTION_TEST_CLOCK=1, for end-to-end and integration tests only; never set it in
// production): the server's clock is the wall clock plus an offset that a test moves forward by writing
// `advance MS` lines to the server's stdin. Every open auction's timers are re-armed at once, so "half time
// has passed" or "the lot closes now" happens when the test says so — and the test awaits the event —
// instead of when a busy machine gets round to a lot that closes on the wall clock. Each jump is
// acknowledged on stdout: `test-clock advanced MS ms (offset N ms)`. AUCTION_TEST_CLOCK=+MS starts the
// clock MS ahead (e.g. "the close time passed while the server was down"). Unset, nothing here runs.
import { createInterface } from 'node:readline';

export const TEST_CLOCK_ENV = 'AUCTION_TEST_CLOCK';
export const TEST_CLOCK_ACK = /^test-clock advanced (\d+) ms \(offset (\d+) ms\)$/;

export interface TestClock {
  now: () => number;
  /** Reads `advance MS` lines from stdin; `rearm` re-arms the timers after each jump. */
  listen(rearm: () => void): void;
}

export function testClockFromEnv(env: NodeJS.ProcessEnv = process.env): TestClock | null {
  const value = env[TEST_CLOCK_ENV];
  const ahead = /^\+(\d{1,13})$/.exec(value ?? '');
  if (value !== '1' && !ahead) return null;
  let offset = ahead ? Number(ahead[1]) : 0;
  return {
    now: () => Date.now() + offset,
    listen(rearm) {
      createInterface({ input: process.stdin }).on('line', (line) => {
        const m = /^advance (\d{1,10})$/.exec(line.trim());
        if (!m) {
          process.stderr.write(`test-clock: not "advance MS": ${JSON.stringify(line.slice(0, 80))}\n`);
          return;
        }
        offset += Number(m[1]);
        rearm();
        process.stdout.write(`test-clock advanced ${m[1]} ms (offset ${offset} ms)\n`);
      });
    },
  };
}
