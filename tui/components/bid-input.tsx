// The bid prompt in the command bar: amount (prefilled with the minimum), the minimum, and the result.
import { Text } from 'ink';
import { money } from '../format.js';
import type { BidModal } from '../state/reducer.js';

export interface BidInputProps {
  modal: BidModal;
  minimum: number;
  focus: boolean;
}

/** The amount is edited by useBidInput; an untouched prefill shows selected (typing replaces it). */
export function BidInput({ modal, minimum, focus }: BidInputProps) {
  const selected = focus && !modal.edited && !modal.pending;
  return (
    <Text wrap="truncate">
      <Text bold color="black" backgroundColor="cyan">{` BID ${modal.item} `}</Text>
      <Text bold> $ </Text>
      {selected ? <Text inverse>{modal.draft}</Text> : <Text>{modal.draft}</Text>}
      {focus && !modal.pending && !selected ? <Text inverse> </Text> : null}
      <Text color="gray">{`   min ${money(minimum)}${modal.error ? '' : ' · Enter send · Esc cancel'}   `}</Text>
      {modal.pending ? <Text color="yellow">sending…</Text> : null}
      {modal.error ? (
        <Text bold color="red">
          ✗ {modal.error}
        </Text>
      ) : null}
    </Text>
  );
}
