// Seller mode: the server's price question (NEGOTIATE_REQ), in place of the detail pane. No bid at half
// time: lower the price (Enter, prefilled 10% lower) or keep it (r); Esc answers later (n).
import { Text } from 'ink';
import { wrapWords } from '../../components/detail-pane.js';
import { Panel, panelInnerWidth } from '../../components/panel.js';
import { clock, fit, money, timeLeft } from '../../format.js';
import type { NegotiationModal } from './actions.js';
import { suggestedPrice } from './slice.js';

export interface NegotiationPromptProps {
  modal: NegotiationModal;
  /** The auction's current price (the table's, else the request's). */
  price: number;
  /** Seconds until it closes, or null when unknown. */
  secondsLeft: number | null;
  closesAt: number | null;
  /** Other questions waiting (answer them later with n). */
  waiting: number;
  /** False for a moment after the prompt appears: keys are not taken yet. */
  armed: boolean;
  focus: boolean;
  width: number;
  height: number;
}

export function NegotiationPrompt({
  modal: m,
  price,
  secondsLeft,
  closesAt,
  waiting,
  armed,
  focus,
  width,
  height,
}: NegotiationPromptProps) {
  const inner = panelInnerWidth(width);
  const label = (text: string) => <Text color="gray">{fit(text, 11)}</Text>;
  const suggestion = suggestedPrice(price);
  const urgent = secondsLeft !== null && secondsLeft < 10;
  return (
    <Panel
      title="Lower the price?"
      aside={waiting ? `+${waiting} waiting` : undefined}
      width={width}
      height={height}
      active
    >
      <Text bold color="yellowBright" wrap="truncate">
        {m.item}
      </Text>
      {wrapWords('No bids at half time: the server asks whether to lower the price.', inner).map((line, i) => (
        <Text key={i} wrap="truncate">
          {line}
        </Text>
      ))}
      <Text> </Text>
      <Text wrap="truncate">
        {label('Price')}
        <Text bold>{money(price)}</Text>
      </Text>
      <Text wrap="truncate">
        {label('Time left')}
        <Text color={urgent ? 'red' : undefined} bold={urgent}>
          {secondsLeft === null ? '?' : `${urgent ? '⚠ ' : ''}${timeLeft(secondsLeft)}`}
        </Text>
        {closesAt !== null && inner >= 34 ? <Text color="gray"> · closes {clock(closesAt)}</Text> : null}
      </Text>
      <Text wrap="truncate">
        {label('New price')}
        <Text color="cyan">$ </Text>
        <Text bold>{m.draft}</Text>
        {focus && armed && !m.pending ? <Text inverse> </Text> : null}
      </Text>
      <Text color="gray" wrap="truncate">
        {' '.repeat(11)}suggested {money(suggestion)} (-10%)
      </Text>
      <Text> </Text>
      {m.pending ? (
        <Text color="yellow" wrap="truncate">
          {m.pending === 'accept' ? 'Sending ACCEPT…' : 'Sending REFUSE…'}
        </Text>
      ) : m.error ? (
        <Text bold color="red" wrap="wrap">
          ✗ {m.error}
        </Text>
      ) : null}
      {armed ? (
        <>
          <Text wrap="truncate">
            <Text bold color="cyan">
              Enter
            </Text>{' '}
            lower to this price
          </Text>
          <Text wrap="truncate">
            <Text bold color="cyan">
              {'r    '}
            </Text>{' '}
            keep {money(price)}
          </Text>
          <Text wrap="truncate">
            <Text bold color="cyan">
              {'Esc  '}
            </Text>{' '}
            answer later (n)
          </Text>
        </>
      ) : (
        <Text color="gray" wrap="truncate">
          (keys in a moment…)
        </Text>
      )}
    </Panel>
  );
}
