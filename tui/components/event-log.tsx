// The tape: what happened, newest first, with local times.
import { Text } from 'ink';
import { clock } from '../format.js';
import type { LogEntry, Tone } from '../state/model.js';
import { Panel, panelInnerHeight } from './panel.js';

export interface EventLogProps {
  entries: readonly LogEntry[];
  width: number;
  height: number;
  /** Extra text for the top border (e.g. the key that shows recent results). */
  hint?: string;
}

export const TONE_COLOR: Record<Tone, string | undefined> = {
  info: undefined,
  good: 'green',
  warn: 'yellow',
  bad: 'red',
  muted: 'gray',
};

export function EventLog({ entries, width, height, hint }: EventLogProps) {
  const shown = entries.slice(0, panelInnerHeight(height));
  return (
    <Panel
      title="Event log"
      aside={
        [entries.length ? `${entries.length} event${entries.length === 1 ? '' : 's'}` : '', hint ?? '']
          .filter(Boolean)
          .join(' · ') || undefined
      }
      width={width}
      height={height}
    >
      {shown.length === 0 ? <Text color="gray">Nothing yet.</Text> : null}
      {shown.map((e) => (
        <Text key={e.id} wrap="truncate">
          <Text color="gray">
            {clock(e.at)}
            {'  '}
          </Text>
          <Text color={TONE_COLOR[e.tone]}>{e.text}</Text>
        </Text>
      ))}
    </Panel>
  );
}
