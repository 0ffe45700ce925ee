// Full screen: the alternate screen buffer (Ink 6 has no option for it), restored on every way out:
// q, Ctrl-C, signals, a crash. restore() is idempotent, so every handler may call it.
// With it, mouse reporting (1000: clicks and the wheel; 1006: as SGR sequences, tui/input/mouse.ts),
// turned off again on the same ways out, or the shell would get the reports as typing.
export const ENTER = '\x1b[?1049h\x1b[?1000h\x1b[?1006h\x1b[?25l\x1b[H\x1b[2J';
export const LEAVE = '\x1b[?1006l\x1b[?1000l\x1b[?25h\x1b[?1049l';

export interface FullScreen {
  restore(): void;
}

export function enterFullScreen(stdout: NodeJS.WriteStream = process.stdout): FullScreen {
  let active = true;
  stdout.write(ENTER);
  const restore = () => {
    if (!active) return;
    active = false;
    try {
      stdout.write(LEAVE);
    } catch {
      // stdout is gone (terminal closed): nothing left to restore.
    }
    process.off('exit', restore);
  };
  const crash = (err: unknown) => {
    restore();
    process.stderr.write(
      `terminal-auction crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  };
  const signal = (code: number) => () => {
    restore();
    process.exit(code);
  };
  process.on('exit', restore);
  process.once('uncaughtException', crash);
  process.once('unhandledRejection', crash);
  process.once('SIGTERM', signal(143));
  process.once('SIGHUP', signal(129));
  process.once('SIGINT', signal(130));
  return { restore };
}

/** Rings the terminal bell when the store's bell count grows (alerts: outbid, a last minute, a checkout). */
export function ringBells(
  store: { getSnapshot(): { bells: number }; subscribe(l: () => void): () => void },
  ring: () => void,
): () => void {
  let rung = store.getSnapshot().bells;
  return store.subscribe(() => {
    const bells = store.getSnapshot().bells;
    if (bells > rung) ring();
    rung = bells;
  });
}
