// Key hints for what can be done right now; compacts itself on narrow terminals rather than lose keys.
import { Box, Text } from 'ink';

export type KeyHint = readonly [keys: string, label: string];

export interface FooterProps {
  hints: readonly KeyHint[];
  note?: string;
  width: number;
}

const len = (s: string) => Array.from(s).length;

export function Footer({ hints, note, width }: FooterProps) {
  const roomy = hints.reduce((n, [k, l], i) => n + len(k) + 2 + 1 + len(l) + (i > 0 ? 2 : 0), 0);
  const compact = roomy > width - 1;
  const used = compact ? hints.reduce((n, [k, l], i) => n + len(k) + 1 + len(l) + (i > 0 ? 2 : 0), 0) : roomy;
  const showNote = note && used + len(note) + 3 <= width;
  return (
    <Box width={width} height={1} flexShrink={0} justifyContent="space-between">
      <Text wrap="truncate">
        {hints.map(([keys, label], i) => (
          <Text key={keys}>
            {i > 0 ? '  ' : ''}
            {compact ? (
              <Text bold color="cyan">
                {keys}
              </Text>
            ) : (
              <Text bold color="black" backgroundColor="white">{` ${keys} `}</Text>
            )}
            <Text color="gray"> {label}</Text>
          </Text>
        ))}
      </Text>
      {showNote ? <Text color="magenta">{note} </Text> : null}
    </Box>
  );
}
