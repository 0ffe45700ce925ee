// Below 80×24 the layout cannot be drawn legibly: say so instead of drawing it garbled.
import { Box, Text } from 'ink';
import { MIN_SIZE } from '../hooks/use-terminal-size.js';

export interface SmallTerminalProps {
  columns: number;
  rows: number;
  /** Quitting would lose this: asked here, since the command bar is not drawn. */
  quit?: string | null;
}

export function SmallTerminal({ columns, rows, quit = null }: SmallTerminalProps) {
  return (
    <Box
      flexDirection="column"
      width={columns}
      height={Math.max(1, rows - 1)}
      alignItems="center"
      justifyContent="center"
    >
      <Text bold color="yellow">
        Please enlarge the terminal
      </Text>
      <Text>
        It is {columns}×{rows}; Terminal Auction needs at least {MIN_SIZE.columns}×{MIN_SIZE.rows}.
      </Text>
      <Text color="gray">The screen comes back as soon as it is large enough · q quits</Text>
      {quit ? (
        <Text bold color="yellow">
          Quit? {quit}. y quits anyway · any other key stays
        </Text>
      ) : null}
    </Box>
  );
}
