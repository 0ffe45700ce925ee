// The layout's sizes: the rows of the main area and the event log, and the detail pane's width.

/** Row heights of the layout for a terminal height (one row is left free so Ink never scrolls the screen). */
export function layoutRows(rows: number): { main: number; log: number } {
  const body = rows - 1 - 3; // header, command bar, footer
  const log = Math.max(5, Math.min(12, Math.floor(body * 0.3)));
  return { main: body - log, log };
}

/** The detail pane's width: narrow at 80 columns, so the table keeps every column (the high bidder too). */
export function detailWidth(columns: number): number {
  if (columns >= 140) return 52;
  if (columns >= 110) return 44;
  if (columns >= 96) return 38;
  if (columns >= 88) return 30;
  return 24;
}

/** The price question needs a little more room than the detail pane at 80 columns. */
export const PROMPT_MIN_WIDTH = 30;
