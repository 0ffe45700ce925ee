// The bid prompt in the command bar: amount (prefilled with the minimum), the minimum, and the result.
// An amount that is not a plain amount says what is wrong with it as it is typed; Enter sends nothing then.
import { Text } from 'ink';
import { useTheme } from '../../components/theme.js';
import { fit, money } from '../../format.js';
import { amountProblem, parseAmount } from '../../input/field.js';
import type { BidModal } from './actions.js';

export interface BidInputProps {
  modal: BidModal;
  minimum: number;
  /** The increment in force at this price, as said to the user ("0.50 (ebay, learned from the server)"). */
  increment?: string;
  focus: boolean;
  /** The command bar's width: a refusal is never cut — the item's name in the label gives way first. */
  width?: number;
}

/** Under the minimum, said as you type in the words Enter would use (use-bid-keys.ts). */
export function belowMinimum(modal: BidModal, minimum: number): string | null {
  const amount = parseAmount(modal.draft);
  if (!amount.ok || amount.value >= minimum) return null;
  return `${modal.mode === 'max' ? 'set a maximum of' : 'bid'} at least ${money(minimum)}`;
}

/** The amount is edited by useBidInput; an untouched prefill shows selected (typing replaces it). */
export function BidInput({ modal, minimum, increment, focus, width = Infinity }: BidInputProps) {
  const selected = focus && !modal.edited && !modal.pending;
  const problem = modal.error ?? (modal.edited ? amountProblem(modal.draft, false) : null);
  const error = modal.error ?? (problem ? `Amount ${problem}` : modal.edited ? belowMinimum(modal, minimum) : null);
  const { color } = useTheme();
  const verb = modal.mode === 'max' ? 'MAX BID' : 'BID';
  // The refusal whole, at 80 columns too: what the line holds besides the item's name (label, " $ ",
  // the amount, the cursor, the refusal) decides how much of the name shows.
  const others =
    ` ${verb}  `.length +
    ' $ '.length +
    Array.from(modal.draft).length +
    1 +
    (error ? 1 + Array.from(` ✗ ${error}`).length + (modal.pending ? 'sending…'.length : 0) : 0);
  const item = error ? fit(modal.item, Math.max(4, width - others)).trimEnd() : modal.item;
  const label = ` ${verb} ${item} `;
  if (modal.confirm?.ownLead) {
    return (
      <Text wrap="truncate">
        <Text bold color="black" backgroundColor="yellow" inverse={!color}>
          {label}
        </Text>
        <Text bold color="yellow">{` ⚠ ${modal.confirm.why} `}</Text>
        <Text>y raise · any other key keeps it</Text>
      </Text>
    );
  }
  if (modal.confirm) {
    return (
      <Text wrap="truncate">
        <Text bold color="black" backgroundColor="yellow" inverse={!color}>
          {label}
        </Text>
        <Text bold>{` ${money(modal.confirm.amount)}? `}</Text>
        <Text bold color="yellow">{`⚠ ${modal.confirm.why} · `}</Text>
        <Text>y send · n change</Text>
      </Text>
    );
  }
  return (
    <Text wrap="truncate">
      <Text bold color="black" backgroundColor={modal.mode === 'max' ? 'magenta' : 'cyan'} inverse={!color}>
        {label}
      </Text>
      <Text bold> $ </Text>
      {selected ? <Text inverse>{modal.draft}</Text> : <Text>{modal.draft}</Text>}
      {focus && !modal.pending && !selected ? <Text inverse> </Text> : null}
      {error ? (
        <Text> </Text>
      ) : modal.mode === 'max' ? (
        <Text color="gray">{`   min ${money(minimum)} · the server bids for you up to this${increment ? ` · step ${increment}` : ''} · Enter set   `}</Text>
      ) : (
        <Text color="gray">{`   min ${money(minimum)} · Enter send · Esc cancel   `}</Text>
      )}
      {modal.pending ? <Text color="yellow">sending…</Text> : null}
      {error ? <Text bold color="red">{` ✗ ${error}`}</Text> : null}
    </Text>
  );
}
