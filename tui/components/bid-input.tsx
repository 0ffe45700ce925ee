// The bid prompt in the command bar: amount (prefilled with the minimum), the minimum, and the result.
import { Text } from 'ink';
import TextInput from 'ink-text-input';
import { money } from '../format.js';
import type { BidModal } from '../state/reducer.js';

export interface BidInputProps {
  modal: BidModal;
  minimum: number;
  focus: boolean;
  onChange: (text: string) => void;
  onSubmit: (text: string) => void;
}

export function BidInput({ modal, minimum, focus, onChange, onSubmit }: BidInputProps) {
  return (
    <Text wrap="truncate">
      <Text bold color="black" backgroundColor="cyan">{` BID ${modal.item} `}</Text>
      <Text bold> $ </Text>
      <TextInput value={modal.draft} onChange={onChange} onSubmit={onSubmit} focus={focus && !modal.pending} />
      <Text color="gray">{`   min ${money(minimum)}${modal.error ? '' : ' · Enter send · Esc cancel'}   `}</Text>
      {modal.pending ? <Text color="yellow">sending…</Text> : null}
      {modal.error ? <Text bold color="red">✗ {modal.error}</Text> : null}
    </Text>
  );
}
