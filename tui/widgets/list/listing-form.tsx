// Seller mode, `l`: list an item. Four fields checked as you type with the codec's own rules; Enter
// sends LIST_ITEM when all are valid, and the server's answer (or denial reason) shows at the bottom.
import { Box, Text } from 'ink';
import { Panel, panelInnerHeight, panelInnerWidth } from '../../components/panel.js';
import { clock, durationWords, fit, money } from '../../format.js';
import type { ListingDraft, ListingField, ListingModal } from './actions.js';
import type { ListingErrors } from './slice.js';
import { LISTING_FIELDS, parseDuration, parsePrice } from './slice.js';

export interface ListingFormProps {
  modal: ListingModal;
  errors: ListingErrors;
  /** The seller's name, for the title. */
  seller: string;
  now: number;
  /** Whether keys reach the form (draws the cursor). */
  focus: boolean;
  width: number;
  height: number;
}

export const FIELD_LABEL: Record<ListingField, string> = {
  item: 'Item name',
  description: 'Description',
  price: 'Start price',
  duration: 'Duration',
};

const HINT: Record<ListingField, string> = {
  item: 'letters, digits, _ . - (up to 32); unique among open auctions',
  description: 'what buyers see, up to 200 characters',
  price: 'in dollars, e.g. 12.50',
  duration: 'e.g. 90s, 5m, 2h, 1h30m or plain seconds',
};

const LABEL_WIDTH = 14;

/** What is shown under a field: its error, else (on the cursor's field) a hint or what the value means. */
function underLine(
  field: ListingField,
  draft: ListingDraft,
  modal: ListingModal,
  errors: ListingErrors,
  now: number,
): { tone: 'error' | 'hint' | 'ok'; text: string } | null {
  const value = draft[field].trim();
  const error = errors[field];
  if (error && (value !== '' || modal.attempted)) return { tone: 'error', text: `✗ ${error}` };
  if (field === 'duration' && value) {
    const d = parseDuration(value);
    if (d.ok) return { tone: 'ok', text: `${durationWords(d.value)} · closes about ${clock(now + d.value * 1000)}` };
  }
  if (field === 'price' && value) {
    const p = parsePrice(value);
    if (p.ok) return { tone: 'ok', text: `opens at ${money(p.value)}` };
  }
  if (field === modal.field) return { tone: 'hint', text: HINT[field] };
  return null;
}

export function ListingForm({ modal, errors, seller, now, focus, width, height }: ListingFormProps) {
  const inner = panelInnerWidth(width);
  const lines = panelInnerHeight(height);
  const roomy = lines >= 12;
  const valueWidth = Math.max(8, inner - 2 - LABEL_WIDTH - 3);
  const allValid = LISTING_FIELDS.every((f) => !errors[f]);
  return (
    <Panel title="List an item" aside={`seller ${seller}`} width={width} height={height} active>
      {roomy ? (
        <Text wrap="truncate">The auction opens as soon as the server accepts it; bids show live in the table.</Text>
      ) : null}
      {roomy ? <Text> </Text> : null}
      {LISTING_FIELDS.map((field) => {
        const on = field === modal.field;
        const value = modal.draft[field];
        const error = errors[field];
        const under = underLine(field, modal.draft, modal, errors, now);
        // Long text: keep its end (and the cursor) in view.
        const chars = Array.from(value);
        const room = valueWidth - (on ? 1 : 0);
        const shown = chars.length > room ? `…${chars.slice(chars.length - room + 1).join('')}` : value;
        return (
          <Box key={field} flexDirection="column">
            <Text wrap="truncate">
              <Text color={on ? 'cyan' : 'gray'} bold={on}>
                {on ? '▶ ' : '  '}
                {fit(FIELD_LABEL[field], LABEL_WIDTH)}
              </Text>
              {field === 'price' ? <Text color="gray">$ </Text> : null}
              <Text>{shown}</Text>
              {on && focus && !modal.pending ? <Text inverse> </Text> : null}
              {value.trim() && !error ? <Text color="green"> ✓</Text> : null}
            </Text>
            <Text wrap="truncate" color={under?.tone === 'error' ? 'red' : under?.tone === 'ok' ? 'green' : 'gray'}>
              {`${' '.repeat(2 + LABEL_WIDTH)}${under?.text ?? ''}`}
            </Text>
          </Box>
        );
      })}
      {modal.pending ? (
        <Text color="yellow">Sending LIST_ITEM…</Text>
      ) : modal.error ? (
        <Text bold color="red" wrap="truncate">
          ✗ Listing denied: {modal.error}
        </Text>
      ) : (
        <Text color={allValid ? 'green' : 'gray'} wrap="truncate">
          {allValid ? 'Ready: Enter lists it.' : ' '}
        </Text>
      )}
      <Text color="gray" wrap="truncate">
        Enter lists · Tab/Shift-Tab or ↑/↓ move between fields · Esc cancels
      </Text>
    </Panel>
  );
}
