// A bordered box with its title set into the top border, the way trading terminals label panes.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';

export interface PanelProps {
  title: string;
  /** Right-aligned text in the top border (counts, scroll position). */
  aside?: string;
  width: number;
  height: number;
  active?: boolean;
  children?: ReactNode;
}

export function Panel({ title, aside, width, height, active = false, children }: PanelProps) {
  const color = active ? 'cyan' : 'gray';
  // The corners always show: a title too long for the border is cut with …, then the aside, rather
  // than the line running over the border into the next panel.
  const room = Math.max(0, width - 3);
  const tail = aside ? ` ${cut(aside, Math.max(0, room - 8))} ` : '';
  const head = ` ${cut(title, Math.max(1, room - Array.from(tail).length - 2))} `;
  const fill = Math.max(0, width - 3 - Array.from(head).length - Array.from(tail).length);
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0}>
      <Text wrap="truncate">
        <Text color={color}>╭─</Text>
        <Text bold color={active ? 'cyanBright' : 'white'}>
          {head}
        </Text>
        <Text color={color}>{'─'.repeat(fill)}</Text>
        <Text color="gray">{tail}</Text>
        <Text color={color}>╮</Text>
      </Text>
      <Box
        flexDirection="column"
        borderStyle="round"
        borderTop={false}
        borderColor={color}
        width={width}
        height={height - 1}
        paddingX={1}
        overflow="hidden"
      >
        {/* Natural height, clipped at the bottom when taller than the panel: never squeezed, since Ink
            draws lines squeezed to no height over each other. */}
        <Box flexDirection="column" flexShrink={0}>
          {children}
        </Box>
      </Box>
    </Box>
  );
}

/** Whether a title and an aside fit the top border of a Panel `width` wide whole. */
export function panelTitleFits(title: string, aside: string | undefined, width: number): boolean {
  const tail = aside ? Array.from(aside).length + 2 : 0;
  return Array.from(title).length + 2 + tail <= width - 3;
}

/** `text` in at most `width` characters, cut with … */
function cut(text: string, width: number): string {
  const chars = Array.from(text);
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** Inner text width of a Panel (borders and padding taken off). */
export function panelInnerWidth(width: number): number {
  return Math.max(0, width - 4);
}

/** Inner line count of a Panel (title line and bottom border taken off). */
export function panelInnerHeight(height: number): number {
  return Math.max(0, height - 2);
}
