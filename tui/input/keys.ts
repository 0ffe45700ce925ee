// The key-event splitter: what Ink hands a useInput callback, as the keys a person pressed. Ink gives
// one callback per escape sequence but a whole run of plain text at once: a paste, `tmux send-keys`,
// or a fast typist over ssh arrive as one `input` ("jjj", "12.50\r", "4111\t12/29\r"), with Tab,
// Enter, Backspace and Ctrl-U inside it as raw control characters. splitKeys turns that into events,
// in order, so every widget handles a chunk exactly as if it had been typed key by key.
// Pure: no Ink import (the key flags are the subset of Ink's Key it reads), tested by table.

/** One key press. `char` is one printable character (a code point, so an emoji is one). */
export type KeyEvent =
  | { kind: 'char'; char: string }
  | { kind: 'enter' }
  | { kind: 'tab' }
  /** Shift-Tab. */
  | { kind: 'backtab' }
  /** Delete the character before the cursor (Backspace, and the Delete key, which Ink reports alike). */
  | { kind: 'backspace' }
  /** Ctrl-U: clear the field. */
  | { kind: 'clear' }
  | { kind: 'escape' }
  | { kind: 'up' }
  | { kind: 'down' }
  | { kind: 'left' }
  | { kind: 'right' }
  | { kind: 'pageUp' }
  | { kind: 'pageDown' }
  | { kind: 'home' }
  | { kind: 'end' }
  /** Any other Ctrl-letter (`char` is the lowercase letter: Ctrl-C is { ctrl, 'c' }). */
  | { kind: 'ctrl'; char: string };

export type KeyKind = KeyEvent['kind'];

/** The flags of Ink's `Key` that splitKeys reads (all optional, so tests write only what they mean). */
export interface KeyFlags {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
  meta?: boolean;
}

const key = (kind: Exclude<KeyKind, 'char' | 'ctrl'>): KeyEvent => ({ kind });

/** Keys Ink recognised as one named key (an escape sequence or a lone control character). */
function namedKey(input: string, k: KeyFlags): KeyEvent | null {
  if (k.upArrow) return key('up');
  if (k.downArrow) return key('down');
  if (k.leftArrow) return key('left');
  if (k.rightArrow) return key('right');
  if (k.pageUp) return key('pageUp');
  if (k.pageDown) return key('pageDown');
  if (k.home) return key('home');
  if (k.end) return key('end');
  if (k.tab) return key(k.shift ? 'backtab' : 'tab');
  if (k.return) return key('enter');
  if (k.escape) return key('escape');
  if (k.backspace || k.delete) return key('backspace');
  if (k.ctrl && /^[a-z]$/.test(input)) return input === 'u' ? key('clear') : { kind: 'ctrl', char: input };
  return null;
}

/** A raw character inside a chunk. */
function rawKey(ch: string): KeyEvent | null {
  switch (ch) {
    case '\r':
    case '\n':
      return key('enter');
    case '\t':
      return key('tab');
    case '\x7f':
    case '\b':
      return key('backspace');
    case '\x15':
      return key('clear');
    case '\x1b':
      return key('escape');
  }
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 1 && code <= 26) return { kind: 'ctrl', char: String.fromCharCode(code + 96) };
  // Other C0/C1 controls, DEL handled above, lone surrogates: nothing a person typed on purpose.
  if (/[\p{Cc}\p{Cs}]/u.test(ch)) return null;
  return { kind: 'char', char: ch };
}

const ESC = '\x1b';

/**
 * Esc and the key typed right after it, when they reached Ink as one event. Ink 6 reads "\x1b" plus
 * the next character in one chunk (`tmux send-keys Escape j`, a fast finger over ssh) as Alt-that-key
 * and hands useInput `j` with meta set, or, for "\x1b\r", "\x1b+" and "\x1b\t", the bare key with
 * the Escape gone: a bid prompt stayed open and the Enter after it sent the bid. A terminal sends Alt
 * as this same Esc prefix and no binding uses Alt, so the raw sequence is read as the two keys it
 * spells. CSI and SS3 sequences (arrows, Home, PgUp, Shift-Tab: "\x1b[", "\x1bO") stay Ink's.
 */
function escapeThen(raw: string, input: string, k: KeyFlags): KeyEvent[] | null {
  if (raw.length < 2 || raw[0] !== ESC || raw[1] === '[' || raw[1] === 'O') return null;
  const rest = raw.slice(1);
  // "\x1b\x1b" (two Escapes) or "\x1b\x1b[A" (Esc, then an arrow Ink parsed with its flags).
  if (rest[0] === ESC)
    return [key('escape'), ...(rest === ESC ? [key('escape')] : splitKeys(input, { ...k, meta: false }))];
  return [key('escape'), ...splitKeys(rest)];
}

/**
 * The key presses in one useInput callback, in order. `raw` is the sequence Ink parsed into
 * (input, k) when the caller has it (tui/hooks/use-raw-input.ts): it tells an Esc typed just before
 * another key from that key alone.
 */
export function splitKeys(input: string, k: KeyFlags = {}, raw?: string): KeyEvent[] {
  const escaped = raw === undefined ? null : escapeThen(raw, input, k);
  if (escaped) return escaped;
  const named = namedKey(input, k);
  if (named) return [named];
  // Alt-something: no binding uses it, and it must not type the letter.
  if (k.meta) return [];
  const events: KeyEvent[] = [];
  const chars = Array.from(input);
  for (let i = 0; i < chars.length; i++) {
    // A pasted Windows line end is one Enter.
    if (chars[i] === '\r' && chars[i + 1] === '\n') i++;
    const ev = rawKey(chars[i]);
    if (ev) events.push(ev);
  }
  return events;
}

/** The event as a short name, for tests and debugging (`j`, `Enter`, `C-c`). */
export function keyName(ev: KeyEvent): string {
  if (ev.kind === 'char') return ev.char;
  if (ev.kind === 'ctrl') return `C-${ev.char}`;
  return ev.kind;
}
