// Test helpers: read Ink frames as plain text and wait for them to change (never fixed sleeps).

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g;

export function plain(frame: string | undefined): string {
  return (frame ?? '').replace(ANSI, '');
}

/**
 * How long a render is waited for by default: generous, since a wait for a frame that comes costs nothing,
 * and a busy machine (CPU burners beside the suite, `npm run test:stress`) must not fail a test.
 */
const FRAME_WAIT_MS = 30_000;

/** Polls `read()` until `predicate` holds; rejects with the last value seen after `timeoutMs`. */
export async function waitUntil<T>(
  read: () => T,
  predicate: (value: T) => boolean,
  { timeoutMs = FRAME_WAIT_MS, everyMs = 5, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (predicate(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last seen:\n${String(value)}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until the (ANSI-stripped) last frame satisfies `predicate`, and returns it. */
export function waitForFrame(
  lastFrame: () => string | undefined,
  predicate: (text: string) => boolean,
  what = 'frame',
  timeoutMs = FRAME_WAIT_MS,
): Promise<string> {
  return waitUntil(() => plain(lastFrame()), predicate, { timeoutMs, what });
}

/** Waits until the frame contains `text`. */
export function waitForText(
  lastFrame: () => string | undefined,
  text: string,
  timeoutMs = FRAME_WAIT_MS,
): Promise<string> {
  return waitForFrame(lastFrame, (f) => f.includes(text), JSON.stringify(text), timeoutMs);
}

/** The auctions table's row for `item` (`│ ▶★ item …`), or '' when it is not on screen. */
export function tableRow(frame: string, item: string): string {
  return frame.split('\n').find((l) => new RegExp(`^│ [▶ ][★… ] ${item} `).test(l)) ?? '';
}

export const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  enter: '\r',
  escape: '\x1b',
  backspace: '\x7f',
  tab: '\t',
  right: '\x1b[C',
  left: '\x1b[D',
  ctrlC: '\x03',
} as const;
