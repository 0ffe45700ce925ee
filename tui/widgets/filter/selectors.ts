// What the filter means: the text looked for, in names or (with `d:`) descriptions too, and how the
// prompt and the table's title count what it shows.
import type { Auction } from '../../state/auction.js';

/** A filter starting with this searches the descriptions too (`/` then Tab, or typed). */
export const DESCRIPTION_PREFIX = 'd:';

/** A filter as typed: the text to look for, and whether descriptions count (the `d:` prefix). */
export function filterParts(filter: string): { needle: string; descriptions: boolean } {
  const t = filter.trim().toLowerCase();
  const descriptions = t.startsWith(DESCRIPTION_PREFIX);
  return { needle: (descriptions ? t.slice(DESCRIPTION_PREFIX.length) : t).trim(), descriptions };
}

/** Whether an auction passes the filter: its name holds the text (or, with `d:`, its description). */
export function filterMatches(filter: string): (a: Auction) => boolean {
  const { needle, descriptions } = filterParts(filter);
  if (needle === '') return () => true;
  if (!descriptions) return (a) => a.key.includes(needle);
  return (a) => a.key.includes(needle) || a.description.toLowerCase().includes(needle);
}

/** The draft searching the other way: `d:` put in front, or taken off. */
export function toggleMode(draft: string): string {
  const t = draft.trimStart();
  return t.toLowerCase().startsWith(DESCRIPTION_PREFIX)
    ? t.slice(DESCRIPTION_PREFIX.length).trimStart()
    : DESCRIPTION_PREFIX + t;
}

/** `1 match`, `3 matches`: the prompt and the table's title say it alike. */
export function matchCount(n: number): string {
  return `${n.toLocaleString('en-US')} match${n === 1 ? '' : 'es'}`;
}
