// A one-line price chart from block characters; the last point is the current price.
import { Text } from 'ink';

const BLOCKS = '▁▂▃▄▅▆▇█';

/** The chart as text, `width` columns at most (the most recent points). Pure, for tests. */
export function sparkline(values: readonly number[], width: number): string {
  const points = values.slice(-Math.max(0, width));
  if (points.length === 0) return '';
  const lo = Math.min(...points);
  const hi = Math.max(...points);
  if (hi === lo) return BLOCKS[3].repeat(points.length);
  return points.map((v) => BLOCKS[Math.round(((v - lo) / (hi - lo)) * (BLOCKS.length - 1))]).join('');
}

export interface SparklineProps {
  values: readonly number[];
  width: number;
  color?: string;
}

export function Sparkline({ values, width, color = 'green' }: SparklineProps) {
  return <Text color={color}>{sparkline(values, width)}</Text>;
}
