// The one tmux helper: end-to-end tests (and npm run test:pack, bench:scale) drive the real TUI in a tmux
// pseudo-terminal, type keys, read the screen with capture-pane, and wait for what a person would see
// (polling with a deadline, never fixed sleeps). Jest's side of it is test/support/tmux.ts.
import { spawnSync } from 'node:child_process';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** Whether CI is set (to anything but "false" or empty): a CI runner, not a person's machine. */
export function onCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env.CI && env.CI !== 'false' && env.CI !== '0';
}

/**
 * What an end-to-end tier does: run where tmux is; without it, skip on a person's machine (with a warning)
 * but fail on CI — a runner without tmux is broken, and a skipped tier would pass unseen.
 */
export function tmuxTier(tmuxThere: boolean, env: NodeJS.ProcessEnv = process.env): 'run' | 'skip' | 'fail' {
  if (tmuxThere) return 'run';
  return onCi(env) ? 'fail' : 'skip';
}

export function tmux(...args: string[]): string {
  const r = spawnSync('tmux', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** One detached tmux session running a shell command at a fixed size. */
export class TmuxSession {
  constructor(readonly name: string) {}

  start(command: string, width = 120, height = 40): this {
    // A person's terminal, not the CI runner's environment: with CI set (and no known CI name), chalk's
    // colour detection gives level 0 and the screen would carry neither colour nor reverse video.
    const shell = `unset CI; ${command}`;
    tmux('new-session', '-d', '-s', this.name, '-x', String(width), '-y', String(height), shell);
    return this;
  }

  screen(): string {
    return tmux('capture-pane', '-p', '-t', this.name);
  }

  /** Key names as tmux knows them (`Enter`, `Tab`, `C-c`) or plain characters. */
  keys(...k: string[]): void {
    tmux('send-keys', '-t', this.name, ...k);
  }

  /** Literal text, no key-name lookup. */
  type(text: string): void {
    // `--`: text starting with "-" (a negative amount typed on purpose) is text, not a flag.
    tmux('send-keys', '-t', this.name, '-l', '--', text);
  }

  /** Polls the screen until `predicate` holds; fails with the last screen and `context()`. */
  async waitFor(
    predicate: (screen: string) => boolean,
    what: string,
    opts: { timeoutMs?: number; pollMs?: number; context?: () => string } = {},
  ): Promise<string> {
    // Generous: a wait for a screen that comes costs nothing; a busy machine must not fail the test.
    const { timeoutMs = 45_000, pollMs = 50, context } = opts;
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = this.screen();
      if (predicate(last)) return last;
      await new Promise((r) => setTimeout(r, pollMs));
    }
    throw new Error(`Timed out waiting for ${what}. Screen:\n${last}${context ? `\n${context()}` : ''}`);
  }

  /**
   * Sends `keys` and waits for `predicate`; if the screen has not got there within `retryMs`, sends them
   * again (until `timeoutMs`). For the first key of a test, which a TUI busy starting on a loaded machine
   * has been seen to miss; only for keys whose repeat is harmless once one got through (opening a form or
   * a view — clear the form's field before typing into it).
   */
  async pressUntil(
    keys: string[],
    predicate: (screen: string) => boolean,
    what: string,
    opts: { timeoutMs?: number; retryMs?: number; context?: () => string } = {},
  ): Promise<string> {
    const { timeoutMs = 45_000, retryMs = 5_000, context } = opts;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.keys(...keys);
      try {
        return await this.waitFor(predicate, what, { timeoutMs: Math.min(retryMs, deadline - Date.now()), context });
      } catch (e) {
        if (Date.now() >= deadline) throw e;
      }
    }
  }

  kill(): void {
    spawnSync('tmux', ['kill-session', '-t', this.name]);
  }
}
