// Display formatting shared by the reducer's log lines and the components. Pure functions.
import { formatMoney } from '../shared/protocol/index.js';
import type { Cents } from '../shared/protocol/index.js';

/** `$1,234.50`: the wire's 2-decimal form with thousands separators. */
export function money(cents: Cents): string {
  const plain = formatMoney(cents);
  const negative = plain.startsWith('-');
  const [units, fraction] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = units.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}$${grouped}.${fraction}`;
}

/** Whole seconds left, as a trader reads it: `9s`, `4:05`, `1h02m`, `3d04h`. */
export function timeLeft(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return minSec(s);
  if (s < 86_400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d${String(Math.floor((s % 86_400) / 3600)).padStart(2, '0')}h`;
}

/** A duration in rough words for log lines: `90 s`, `10 min`, `3 h`. */
export function durationWords(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** `1:52`, `0:07`: whole seconds as minutes and seconds, the way a countdown reads. */
export function minSec(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Local wall-clock time `14:03:22`. */
export function clock(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** Round-trip time for the header: `0.4 ms`, `12 ms`. */
export function rtt(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/**
 * Cuts to `width` columns with an ellipsis, then pads (left-aligned) or right-aligns. Assumes 1 column per code point.
 */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const chars = Array.from(text);
  const cut = chars.length > width ? `${chars.slice(0, Math.max(0, width - 1)).join('')}…` : text;
  const pad = ' '.repeat(Math.max(0, width - Array.from(cut).length));
  return align === 'left' ? cut + pad : pad + cut;
}
