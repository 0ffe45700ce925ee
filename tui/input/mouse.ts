// SGR mouse reports (`\x1b[<b;x;yM`, `m` on release), as Ink's stdin hands them over once the
// terminal reports the mouse (tui/terminal.ts turns it on with the alternate screen). Ink parses one
// as a single CSI sequence; read as keys it would be an Esc and some characters, so the router asks
// parseMouse first. Pure, tested by table.

export type MouseEvent =
  /** A button pressed at a cell (1-based column x, row y): 0 left, 1 middle, 2 right. */
  | { kind: 'press'; button: number; x: number; y: number }
  | { kind: 'release'; button: number; x: number; y: number }
  /** The wheel: -1 up, +1 down. */
  | { kind: 'wheel'; delta: -1 | 1; x: number; y: number };

const ESC = '\x1b';
const SGR = new RegExp(`^${ESC}\\[<(\\d+);(\\d+);(\\d+)([Mm])$`);

/** The mouse event a raw input sequence reports, or null when it is not one. */
export function parseMouse(raw: string | undefined): MouseEvent | null {
  const m = raw === undefined ? null : SGR.exec(raw);
  if (!m) return null;
  const code = Number(m[1]);
  const x = Number(m[2]);
  const y = Number(m[3]);
  // Bits 2–4 are Shift, Meta, Ctrl; 32 marks motion, 64 the wheel.
  if (code & 64) return { kind: 'wheel', delta: (code & 1) === 0 ? -1 : 1, x, y };
  if (code & 32) return null;
  const button = code & 3;
  return { kind: m[4] === 'M' ? 'press' : 'release', button, x, y };
}

/** Whether a raw sequence is a mouse report of any kind (motion too): never to be read as keys. */
export function isMouseReport(raw: string | undefined): boolean {
  return raw !== undefined && SGR.test(raw);
}
