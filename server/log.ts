// One line per event (request, reply, push, error, lifecycle) to stdout and to a log file next to
// the db. Lines are buffered and written at most every FLUSH_MS (or once MAX_LINES are waiting), so
// logging costs one write per batch rather than one per datagram — under a bid storm, a few dozen
// writes a second instead of one per event-loop turn. Callers pass text that is already safe (see `safeText`).
import { createWriteStream, type WriteStream } from 'node:fs';
import { format, lastFour, redact } from '../shared/protocol/index.js';
import type { Message } from '../shared/protocol/messages.js';

export type EventKind = 'recv' | 'reply' | 'push' | 'tcp>' | 'tcp<' | 'error' | 'info';

const KIND: Record<EventKind, string> = {
  recv: 'recv ',
  reply: 'reply',
  push: 'push ',
  'tcp>': 'tcp> ',
  'tcp<': 'tcp< ',
  error: 'error',
  info: 'info ',
};

const FLUSH_MS = 20;
const MAX_LINES = 4096;

export interface LoggerOptions {
  file: string | null;
  stdout: boolean;
  now?: () => number;
}

export class Logger {
  private buf: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stream: WriteStream | null;
  /** The last timestamp formatted: a burst of events in one millisecond formats it once. */
  private lastMs = -1;
  private lastIso = '';

  constructor(private readonly opts: LoggerOptions) {
    this.stream = opts.file ? createWriteStream(opts.file, { flags: 'a', mode: 0o600 }) : null;
    this.stream?.on('error', (e) => {
      process.stderr.write(`log file ${opts.file}: ${e.message}\n`);
      this.stream = null;
    });
  }

  event(kind: EventKind, peer: string, text: string): void {
    if (!this.stream && !this.opts.stdout) return;
    const ms = this.opts.now ? this.opts.now() : Date.now();
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastIso = new Date(ms).toISOString();
    }
    this.buf.push(`${this.lastIso} ${KIND[kind]} ${peer.length >= 21 ? peer : peer.padEnd(21)} ${text}\n`);
    if (this.buf.length >= MAX_LINES) this.drain();
    else
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.drain();
      }, FLUSH_MS);
  }

  info(text: string): void {
    this.event('info', '-', text);
  }
  error(peer: string, text: string): void {
    this.event('error', peer, text);
  }

  private drain(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.buf.length === 0) return;
    const chunk = this.buf.join('');
    this.buf = [];
    if (this.opts.stdout) process.stdout.write(chunk);
    this.stream?.write(chunk);
  }

  async close(): Promise<void> {
    this.drain();
    const s = this.stream;
    this.stream = null;
    if (s) await new Promise<void>((resolve) => s.end(resolve));
  }
}

/** A message as it may appear in a log: secrets hidden, card numbers cut to their last four digits. */
export function safeText(msg: Message): string {
  if ('secret' in msg && msg.secret) return format({ ...msg, secret: '****************' });
  if (msg.type === 'INFORM_Res') return format({ ...msg, card: `****${lastFour(msg.card)}` });
  return format(msg);
}

/** A raw line we could not parse: we cannot know which token is secret, so show only its shape. */
export function unparsedSummary(text: string): string {
  const words = text.trim().split(/ +/);
  return redact(
    `${JSON.stringify(words.slice(0, 2).join(' ').slice(0, 40))} (+${Math.max(0, words.length - 2)} fields, ${text.length} chars)`,
  );
}
