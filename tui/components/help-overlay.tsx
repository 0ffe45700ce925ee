// `?`: every key, and what the colours and marks mean.
import { Box, Text } from 'ink';
import type { KeyHint } from './footer.js';
import { Panel, panelInnerHeight } from './panel.js';

export interface HelpOverlayProps {
  /** Keys available to this user (spectators see no account actions). */
  keys: readonly KeyHint[];
  spectator: boolean;
  /** Seller mode: explain listing, the price question and the "yours" mark. */
  seller?: boolean;
  width: number;
  height: number;
}

export function HelpOverlay({ keys, spectator, seller = false, width, height }: HelpOverlayProps) {
  // The notes under the legend only when they fit (80×24 has room for the legend alone).
  const room = panelInnerHeight(height) - (9 + (spectator ? 0 : 1) + (seller ? 1 : 0));
  return (
    <Panel title="Help" aside="? or Esc closes" width={width} height={height} active>
      <Box flexDirection="row" gap={4}>
        <Box flexDirection="column">
          <Text bold>Keys</Text>
          {keys.map(([k, label]) => (
            <Text key={k}>
              <Text bold color="cyan">
                {k.padEnd(10)}
              </Text>
              {label}
            </Text>
          ))}
          <Text>
            <Text bold color="cyan">
              {'Ctrl-C'.padEnd(10)}
            </Text>
            quit from anywhere
          </Text>
        </Box>
        <Box flexDirection="column">
          <Text bold>Legend</Text>
          <Text>
            <Text color="yellow">★</Text>
            {'          subscribed item'}
          </Text>
          <Text>
            <Text color="green" inverse bold>
              $12.50▲
            </Text>
            {'    price just went up'}
          </Text>
          <Text>
            <Text color="cyan" inverse bold>
              $9.00•
            </Text>
            {'     just listed'}
          </Text>
          <Text>
            <Text color="yellow">0:45</Text>
            {'       under a minute left'}
          </Text>
          <Text>
            <Text color="red" bold>
              9s
            </Text>
            {'         under ten seconds left'}
          </Text>
          <Text>
            <Text color="green" bold>
              you lead
            </Text>
            {'   your bid is the highest'}
          </Text>
          <Text>
            <Text color="red" bold>
              outbid
            </Text>
            {'     someone bid over you'}
          </Text>
          {spectator ? null : (
            <Text>
              <Text bold color="black" backgroundColor="yellow">
                ⚑
              </Text>
              {'          a checkout waits for you: c opens it'}
            </Text>
          )}
          {seller ? (
            <Text>
              <Text color="cyan" bold>
                yours
              </Text>
              {'      your own listing'}
            </Text>
          ) : null}
          {room >= 3 ? (
            <>
              <Text> </Text>
              <Text color="gray">Time left counts down from the server's</Text>
              <Text color="gray">close time; prices and bids arrive live.</Text>
            </>
          ) : null}
          {seller && room >= 8 ? (
            <>
              <Text> </Text>
              <Text color="cyan">Selling: l opens the listing form (Tab</Text>
              <Text color="cyan">moves, Enter lists). No bid at half time:</Text>
              <Text color="cyan">the server asks to lower the price; Enter</Text>
              <Text color="cyan">lowers it, r keeps it, Esc answers later.</Text>
            </>
          ) : null}
          {spectator && room >= 6 ? (
            <>
              <Text> </Text>
              <Text color="magenta">Spectating: watch only. To bid, start</Text>
              <Text color="magenta">without --spectate and register.</Text>
            </>
          ) : null}
        </Box>
      </Box>
    </Panel>
  );
}
