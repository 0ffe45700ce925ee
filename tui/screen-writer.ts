// What Ink writes to, instead of the terminal. Ink runs in debug mode, so each render arrives here as
// one complete frame; we repaint only the lines that changed, each at an absolute position, inside a
// synchronized-output block. Nothing scrolls, nothing drifts, nothing flickers.
//
// Why not Ink's own log-update: its standard mode erases and rewrites the whole frame every render
// (flicker on terminals without synchronized output), and in 6.8 its incremental mode moves the
// cursor one row short when the frame ends with a newline, so frames creep down the screen.
import { EventEmitter } from 'node:events';
import { stripColors } from './no-color.js';

const SYNC_START = '\x1b[?2026h';
const SYNC_END = '\x1b[?2026l';
const RESET_ERASE = '\x1b[0m\x1b[K';

export interface ScreenWriterStats {
  frames: number;
  writes: number;
  bytes: number;
}

export interface ScreenWriterOptions {
  /** False under NO_COLOR: colour codes are taken out of every frame (bold and reverse stay). */
  colors?: boolean;
}

export class ScreenWriter extends EventEmitter {
  readonly isTTY = true;
  private previous: string[] = [];
  private repaintAll = true;
  private onResize = () => {
    this.repaintAll = true;
    this.emit('resize');
  };
  /** Listeners told after each frame reaches the terminal (the benchmark measures with it). */
  readonly stats: ScreenWriterStats = { frames: 0, writes: 0, bytes: 0 };

  private readonly colors: boolean;

  constructor(
    private readonly out: NodeJS.WriteStream,
    opts: ScreenWriterOptions = {},
  ) {
    super();
    this.colors = opts.colors ?? true;
    out.on('resize', this.onResize);
  }

  get columns(): number {
    return this.out.columns || 80;
  }

  get rows(): number {
    return this.out.rows || 24;
  }

  /** Ink's write: one whole frame. */
  write = (frame: string): boolean => {
    const lines = (this.colors ? frame : stripColors(frame)).split('\n');
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    const rows = this.rows;
    const all = this.repaintAll;
    let body = all ? '\x1b[H\x1b[2J' : '';
    const count = Math.min(rows, Math.max(lines.length, this.previous.length));
    for (let i = 0; i < count; i++) {
      const line = lines[i] ?? '';
      if (!all && line === this.previous[i]) continue;
      body += `\x1b[${i + 1};1H${line}${RESET_ERASE}`;
    }
    this.previous = lines;
    this.repaintAll = false;
    this.stats.frames++;
    if (body !== '') {
      const chunk = SYNC_START + body + SYNC_END;
      this.stats.writes++;
      this.stats.bytes += chunk.length;
      this.out.write(chunk);
    }
    this.emit('frame', lines);
    return true;
  };

  /** The next frame repaints every line (after something else wrote to the terminal). */
  invalidate(): void {
    this.repaintAll = true;
  }

  dispose(): void {
    this.out.off('resize', this.onResize);
  }

  // Enough of a stream for Ink.
  end(): void {}
  cork(): void {}
  uncork(): void {}
  get writable(): boolean {
    return true;
  }
}
