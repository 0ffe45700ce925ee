// Seller mode: the "list an item" form (LIST_ITEM), in the modal slot. Its draft lives in the store so
// the slice can be tested without React; validation reuses the codec's field parsers
// (shared/protocol/fields.ts), the same rules the server applies, so what the form accepts the server
// accepts (name in use aside).
import { fields, LIMITS } from '../../../shared/protocol/index.js';
import type { Cents, FieldResult } from '../../../shared/protocol/index.js';
import { parseAmount } from '../../input/field.js';
import { result, same, shout, status, unchanged } from '../../state/helpers.js';
import type { Action, AuctionState, Modal, SliceResult } from '../../state/model.js';
import { openItemKeys } from '../../state/table-selectors.js';
import type { WidgetModel } from '../widget.js';
import type { ListingDraft, ListingField, ListingRequest, ListTypes } from './actions.js';

/** Tab order. */
export const LISTING_FIELDS: readonly ListingField[] = ['item', 'description', 'price', 'duration'];

export const EMPTY_DRAFT: ListingDraft = { item: '', description: '', price: '', duration: '' };

/** Longest text kept per field: the codec's limits (a name is at most 32, free text 200). */
const MAX_CHARS: Record<ListingField, number> = {
  item: 32,
  description: LIMITS.freeTextChars,
  price: 16,
  duration: 16,
};

// ---- validation (the codec's parsers, with the field's label in front) --------------------------

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * Duration as a person types it: plain seconds (`90`), or number+unit parts (`90s`, `5m`, `2h`,
 * `1h30m`, `2d`). The limits are the codec's (fields.duration: 1 s to 30 days).
 */
export function parseDuration(text: string): FieldResult<number> {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  const usage = 'must be seconds or like 90s, 5m, 2h';
  let seconds: number;
  if (/^\d+$/.test(t)) {
    seconds = Number(t);
  } else if (/^(\d+[smhd])+$/.test(t)) {
    seconds = 0;
    for (const [, n, unit] of t.matchAll(/(\d+)([smhd])/g)) seconds += Number(n) * UNIT_SECONDS[unit];
  } else {
    return { ok: false, reason: usage };
  }
  // The codec decides the range; a huge number of digits is out of range, not a syntax error.
  const checked = Number.isSafeInteger(seconds) ? fields.duration(String(seconds)) : null;
  if (checked?.ok) return checked;
  return { ok: false, reason: `must be from 1 second to ${LIMITS.maxDurationS / 86_400} days` };
}

/** A start price as typed, exactly (the money field's rule: no sign, comma, exponent or currency sign). */
export function parsePrice(text: string): FieldResult<Cents> {
  return parseAmount(text);
}

export type ListingErrors = Partial<Record<ListingField, string>>;

export interface ListingCheck {
  /** Problems per field, phrased after the field's label ("Start price must be …"). */
  errors: ListingErrors;
  /** The listing to send, when every field is valid. */
  listing: ListingRequest | null;
}

/** Validates the form; `openItems` are the keys of auctions known open (a name in use is refused early). */
export function checkListing(draft: ListingDraft, openItems: readonly string[] = []): ListingCheck {
  const errors: ListingErrors = {};
  const item = fields.name(draft.item.trim());
  if (!item.ok) errors.item = `Name ${item.reason}`;
  else if (openItems.includes(item.value.toLowerCase()))
    errors.item = `${item.value} is already on sale: pick another name`;
  const description = fields.freeText(draft.description.trim());
  if (!description.ok) errors.description = `Description ${description.reason}`;
  const price = parsePrice(draft.price);
  if (!price.ok) errors.price = `Start price ${price.reason}`;
  const duration = parseDuration(draft.duration);
  if (!duration.ok) errors.duration = `Duration ${duration.reason}`;
  const listing =
    item.ok && description.ok && price.ok && duration.ok && !errors.item
      ? { item: item.value, description: description.value, startPrice: price.value, duration: duration.value }
      : null;
  return { errors, listing };
}

// ---- the form in the modal slot --------------------------------------------------------------------

export function reduceListingForm(
  modal: Modal | null,
  action: Action,
  _now: number,
  s: AuctionState,
): SliceResult<Modal | null> {
  const m = modal?.kind === 'list' ? modal : null;
  switch (action.type) {
    case 'listOpen':
      if (modal) return unchanged(modal);
      return unchanged({
        kind: 'list',
        draft: EMPTY_DRAFT,
        field: 'item',
        attempted: false,
        pending: false,
        error: null,
      });
    case 'listFieldMove': {
      if (!m) return unchanged(modal);
      const i = LISTING_FIELDS.indexOf(m.field);
      const n = LISTING_FIELDS.length;
      return unchanged({ ...m, field: LISTING_FIELDS[(i + action.delta + n) % n] });
    }
    case 'listDraft': {
      if (!m || m.pending) return unchanged(modal);
      const text = Array.from(action.text.replace(/[\p{Cc}\p{Cs}]/gu, ''))
        .slice(0, MAX_CHARS[action.field])
        .join('');
      if (m.draft[action.field] === text) return unchanged(modal);
      return unchanged({ ...m, draft: { ...m.draft, [action.field]: text }, error: null });
    }
    case 'listInvalid': {
      if (!m) return unchanged(modal);
      const { errors } = checkListing(m.draft, openItemKeys(s));
      const first = LISTING_FIELDS.find((f) => errors[f]) ?? m.field;
      return unchanged({ ...m, attempted: true, field: first });
    }
    // A relist from the checkout pane sends LIST_ITEM too: the notes come whether or not the form is open.
    case 'listSent':
      return result(
        m ? { ...m, pending: true, error: null } : modal,
        status('muted', `Listing ${action.listing.item}…`),
      );
    case 'listResult': {
      const { listing, outcome } = action;
      const mine = m && same(m.draft.item.trim(), listing.item) ? m : null;
      if (outcome.ok) return unchanged(mine ? null : modal); // the auctions slice says "Listed …"
      return result(
        mine ? { ...mine, pending: false, error: outcome.reason } : modal,
        shout('bad', `Listing ${listing.item} denied: ${outcome.reason}`, listing.item),
      );
    }
    default:
      return unchanged(modal);
  }
}

export const LIST_MODEL: WidgetModel<ListTypes> = { initial: {}, slices: {}, modal: reduceListingForm };
