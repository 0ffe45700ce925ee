// Key hints for what can be done right now. On a narrow terminal it compacts itself, then drops the
// least useful hints (from the end) — but never the ones marked to keep (`?` help, `q` quit, a
// checkout waiting): those are the way out and the way to everything else.
import { Box, Text } from 'ink';
import { useTheme } from './theme.js';

/** keys, what they do, and whether the footer must keep it whatever the width. */
export type KeyHint = readonly [keys: string, label: string, keep?: boolean];

export interface FooterProps {
  hints: readonly KeyHint[];
  note?: string;
  width: number;
}

const len = (s: string) => Array.from(s).length;
const roomyWidth = (hints: readonly KeyHint[]) =>
  hints.reduce((n, [k, l], i) => n + len(k) + 2 + 1 + len(l) + (i > 0 ? 2 : 0), 0);
const compactWidth = (hints: readonly KeyHint[]) =>
  hints.reduce((n, [k, l], i) => n + len(k) + 1 + len(l) + (i > 0 ? 2 : 0), 0);

/** The hints that fit in `width` columns, and whether they are drawn compact. */
export function fitHints(hints: readonly KeyHint[], width: number): { shown: KeyHint[]; compact: boolean } {
  if (roomyWidth(hints) <= width) return { shown: [...hints], compact: false };
  const shown = [...hints];
  while (compactWidth(shown) > width) {
    let drop = -1;
    for (let i = shown.length - 1; i > 0; i--) {
      if (!shown[i][2]) {
        drop = i;
        break;
      }
    }
    if (drop === -1) break;
    shown.splice(drop, 1);
  }
  return { shown, compact: true };
}

export function Footer({ hints, note, width }: FooterProps) {
  const { color } = useTheme();
  const { shown, compact } = fitHints(hints, width - 1);
  const used = compact ? compactWidth(shown) : roomyWidth(shown);
  const showNote = note && used + len(note) + 3 <= width;
  return (
    <Box width={width} height={1} flexShrink={0} justifyContent="space-between">
      <Text wrap="truncate">
        {shown.map(([keys, label], i) => (
          <Text key={keys}>
            {i > 0 ? '  ' : ''}
            {compact ? (
              <Text bold color="cyan">
                {keys}
              </Text>
            ) : (
              <Text bold color="black" backgroundColor="white" inverse={!color}>{` ${keys} `}</Text>
            )}
            <Text color="gray"> {label}</Text>
          </Text>
        ))}
      </Text>
      {showNote ? <Text color="magenta">{note} </Text> : null}
    </Box>
  );
}
