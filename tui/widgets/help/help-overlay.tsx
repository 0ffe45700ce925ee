// `?`: every key of the context it was opened from, and what the marks mean — laid out to fit 80×24
// (two columns, one line each, cut rather than wrapped; the notes only where there is room).
import { Box, Text } from 'ink';
import type { KeyHint } from '../../components/footer.js';
import { Panel, panelInnerHeight, panelInnerWidth } from '../../components/panel.js';
import { useTheme } from '../../components/theme.js';
import { fit } from '../../format.js';

export interface HelpOverlayProps {
  /** Keys available to this user (spectators see no account actions). */
  keys: readonly KeyHint[];
  spectator: boolean;
  /** Seller mode: explain listing, the price question and the "yours" mark. */
  seller?: boolean;
  /** Extra paragraphs (e.g. maximum bids and the increments in force), shown when there is room. */
  notes?: readonly string[];
  width: number;
  height: number;
}

const KEY_WIDTH = 10;
const MARK_WIDTH = 10;

export function HelpOverlay({ keys, spectator, seller = false, notes = [], width, height }: HelpOverlayProps) {
  const { color } = useTheme();
  const inner = panelInnerWidth(width);
  const lines = panelInnerHeight(height);
  const left = Math.min(44, Math.floor(inner / 2));
  const right = inner - left;
  const legend: Array<[mark: string, what: string, colour?: string, inverse?: boolean]> = [
    ['★', 'subscribed (watchlist)', 'yellow'],
    ['$12.50▲', 'price just went up', 'green', true],
    ['$9.00•', 'just listed', 'cyan', true],
    ['45s', 'under a minute left', 'yellow'],
    ['⚠ 9s', 'under ten seconds left', 'red'],
    ['you lead', 'your bid is the highest', 'green'],
    ['outbid', 'someone bid over you', 'red'],
  ];
  if (!spectator) legend.push(['⚑', 'a checkout waits: c', 'yellow', true]);
  if (seller) legend.push(['yours', 'your own listing', 'cyan']);
  const paragraphs = [
    ...notes,
    ...(seller
      ? [
          'Selling: l lists an item. No bid at half time: the server asks to lower the price; Enter lowers it, r keeps it.',
        ]
      : []),
    ...(spectator ? ['Spectating: watch only. To bid, start without --spectate and register.'] : []),
    'Time left counts down from the server’s close time; prices and bids arrive live.',
  ];
  const room = lines - 1 - legend.length;
  return (
    <Panel title="Help" aside="? or Esc closes" width={width} height={height} active>
      <Box flexDirection="row">
        <Box flexDirection="column" width={left} flexShrink={0}>
          <Text bold>Keys</Text>
          {keys.map(([k, label]) => (
            <Text key={k} wrap="truncate">
              <Text bold color="cyan">
                {fit(k, KEY_WIDTH)}
              </Text>
              {fit(label, left - KEY_WIDTH - 1)}
            </Text>
          ))}
        </Box>
        <Box flexDirection="column" width={right} flexShrink={0}>
          <Text bold>Legend</Text>
          {legend.map(([mark, what, colour, inverse]) => (
            <Text key={mark} wrap="truncate">
              <Text color={colour} inverse={inverse && color} bold>
                {mark}
              </Text>
              {`${' '.repeat(Math.max(1, MARK_WIDTH - Array.from(mark).length))}${fit(what, right - MARK_WIDTH - 1)}`}
            </Text>
          ))}
          {room >= 3 ? <Notes paragraphs={paragraphs} width={right - 1} lines={room - 1} /> : null}
        </Box>
      </Box>
    </Panel>
  );
}

/** As many whole paragraphs as fit, each word-wrapped to the column. */
function Notes({ paragraphs, width, lines }: { paragraphs: readonly string[]; width: number; lines: number }) {
  const out: string[] = [];
  for (const p of paragraphs) {
    const wrapped = wrap(p, width);
    if (out.length + 1 + wrapped.length > lines) break;
    out.push('', ...wrapped);
  }
  return (
    <>
      {out.map((l, i) => (
        <Text key={i} color="gray" wrap="truncate">
          {l || ' '}
        </Text>
      ))}
    </>
  );
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
