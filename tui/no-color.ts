// NO_COLOR (https://no-color.org): when set to anything but "", the screen carries no colour codes at
// all. Bold, underline and reverse video stay: they are not colour, and the layout leans on reverse
// video for what colour marked (the selected row, key badges). Ink colours through chalk, which does
// not read NO_COLOR, so the frame is filtered on its way out (ScreenWriter) — nothing can slip through.

/** Whether the environment asks for no colour. */
export function noColorRequested(env: NodeJS.ProcessEnv): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

// eslint-disable-next-line no-control-regex -- SGR sequences start with ESC
const SGR = /\x1b\[([0-9;:]*)m/g;

/** SGR parameters that set a colour: foreground, background, underline colour, bright variants. */
function isColour(code: number): boolean {
  return (
    (code >= 30 && code <= 39) ||
    (code >= 40 && code <= 49) ||
    (code >= 90 && code <= 97) ||
    (code >= 100 && code <= 107)
  );
}

/** The text with every colour parameter taken out of its SGR sequences (attributes kept). */
export function stripColors(text: string): string {
  return text.replace(SGR, (seq, params: string) => {
    if (params === '') return seq; // ESC[m: a reset
    const parts = params.split(';');
    const kept: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      // 38:2::r:g:b style: one part carries the whole colour.
      if (p.includes(':')) {
        if (!/^(38|48|58)[:]/.test(p)) kept.push(p);
        continue;
      }
      const code = Number(p);
      if (code === 38 || code === 48 || code === 58) {
        // 38;5;n or 38;2;r;g;b: skip the colour's own parameters too.
        i += parts[i + 1] === '5' ? 2 : parts[i + 1] === '2' ? 4 : 0;
        continue;
      }
      if (code === 59 || isColour(code)) continue;
      kept.push(p);
    }
    return kept.length > 0 ? `\x1b[${kept.join(';')}m` : '';
  });
}

/** Whether any colour code is left (for tests). */
export function hasColour(text: string): boolean {
  return stripColors(text) !== text;
}
