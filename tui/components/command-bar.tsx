// The line above the footer: an open prompt, else the result of the last action, else a quiet summary.
import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { StatusLine } from '../state/model.js';
import { TONE_COLOR } from './event-log.js';

export interface CommandBarProps {
  prompt: ReactNode | null;
  status: StatusLine | null;
  idle: string;
}

export function CommandBar({ prompt, status, idle }: CommandBarProps) {
  if (prompt) return <>{prompt}</>;
  if (status) {
    const mark = status.tone === 'good' ? '✓ ' : status.tone === 'bad' ? '✗ ' : '';
    return (
      <Text
        wrap="truncate"
        color={TONE_COLOR[status.tone]}
        bold={status.tone !== 'muted'}
      >{` ${mark}${status.text}`}</Text>
    );
  }
  return <Text wrap="truncate" color="gray">{` ${idle}`}</Text>;
}
