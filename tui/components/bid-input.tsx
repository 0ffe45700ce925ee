// The bid prompt in the command bar: amount (prefilled with the minimum), the minimum, and the result.
// An amount that is not a plain amount says what is wrong with it as it is typed; Enter sends nothing then.
import { Text } from 'ink';
import { money } from '../format.js';
import { amountProblem } from '../input/field.js';
import type { BidModal } from '../state/model.js';

export interface BidInputProps {
  modal: BidModal;
  minimum: number;
  focus: boolean;
}

/** The amount is edited by useBidInput; an untouched prefill shows selected (typing replaces it). */
export function BidInput({ modal, minimum, focus }: BidInputProps) {
  const selected = focus && !modal.edited && !modal.pending;
  const problem = modal.error ?? (modal.edited ? amountProblem(modal.draft, false) : null);
  const error = modal.error ?? (problem ? `Amount ${problem}` : null);
  return (
    <Text wrap="truncate">
      <Text bold color="black" backgroundColor="cyan">{` BID ${modal.item} `}</Text>
      <Text bold> $ </Text>
      {selected ? <Text inverse>{modal.draft}</Text> : <Text>{modal.draft}</Text>}
      {focus && !modal.pending && !selected ? <Text inverse> </Text> : null}
      <Text color="gray">{`   min ${money(minimum)}${error ? '  ' : ' · Enter send · Esc cancel   '}`}</Text>
      {modal.pending ? <Text color="yellow">sending…</Text> : null}
      {error ? (
        <Text bold color="red">
          ✗ {error}
        </Text>
      ) : null}
    </Text>
  );
}
