// Seller mode: the "list an item" form (LIST_ITEM). Its draft lives in the store so the reducer can be
// tested without React; validation reuses the codec's field parsers (shared/protocol/fields.ts), the
// same rules the server applies, so what the form accepts the server accepts (name in use aside).
import { fields, LIMITS } from '../../shared/protocol/index.js';
import type { Cents, FieldResult } from '../../shared/protocol/index.js';
import { durationWords, money } from '../format.js';
import type { AuctionState, Outcome } from './reducer.js';
import { log, newAuction, putAuction, same, statusAndLog } from './reducer.js';

// ---- model ---------------------------------------------------------------------------------------

export type ListingField = 'item' | 'description' | 'price' | 'duration';
/** Tab order. */
export const LISTING_FIELDS: readonly ListingField[] = ['item', 'description', 'price', 'duration'];

export type ListingDraft = Record<ListingField, string>;

export interface ListingModal {
  kind: 'list';
  draft: ListingDraft;
  /** The field with the cursor. */
  field: ListingField;
  /** Set by a refused submit: empty fields show their error too from then on. */
  attempted: boolean;
  pending: boolean;
  /** The server's LIST-DENIED reason (or its silence), until the draft changes. */
  error: string | null;
}

/** A listing as sent: LIST_ITEM Item_Name Description Start_Price Duration. */
export interface Listing {
  item: string;
  description: string;
  startPrice: Cents;
  duration: number;
}

export type ListingAction =
  | { type: 'listOpen' }
  /** Tab / Shift-Tab, ↓ / ↑: next or previous field (wraps). */
  | { type: 'listFieldMove'; delta: 1 | -1 }
  | { type: 'listDraft'; field: ListingField; text: string }
  /** Enter with a field still invalid: show every error and put the cursor on the first bad field. */
  | { type: 'listInvalid' }
  | { type: 'listSent'; listing: Listing }
  | { type: 'listResult'; listing: Listing; me: string; outcome: Outcome };

const LISTING_ACTIONS: ReadonlySet<string> = new Set<ListingAction['type']>([
  'listOpen',
  'listFieldMove',
  'listDraft',
  'listInvalid',
  'listSent',
  'listResult',
]);

export function isListingAction(a: { type: string }): a is ListingAction {
  return LISTING_ACTIONS.has(a.type);
}

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

/** A price as typed: the codec's money() (an optional leading `$` is allowed). */
export function parsePrice(text: string): FieldResult<Cents> {
  return fields.money(text.trim().replace(/^\$/, ''));
}

export type ListingErrors = Partial<Record<ListingField, string>>;

export interface ListingCheck {
  /** Problems per field, phrased after the field's label ("Start price must be …"). */
  errors: ListingErrors;
  /** The listing to send, when every field is valid. */
  listing: Listing | null;
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

/** Open auctions' keys, for checkListing. */
export function openItemKeys(s: AuctionState): string[] {
  return Object.values(s.auctions)
    .filter((a) => !a.closed)
    .map((a) => a.key);
}

// ---- reducer -------------------------------------------------------------------------------------

export function reduceListing(s: AuctionState, action: ListingAction, now: number): AuctionState {
  const m = s.modal?.kind === 'list' ? s.modal : null;
  switch (action.type) {
    case 'listOpen':
      if (m) return s;
      return {
        ...s,
        modal: { kind: 'list', draft: EMPTY_DRAFT, field: 'item', attempted: false, pending: false, error: null },
      };
    case 'listFieldMove': {
      if (!m) return s;
      const i = LISTING_FIELDS.indexOf(m.field);
      const n = LISTING_FIELDS.length;
      return { ...s, modal: { ...m, field: LISTING_FIELDS[(i + action.delta + n) % n] } };
    }
    case 'listDraft': {
      if (!m || m.pending) return s;
      const text = Array.from(action.text.replace(/[\p{Cc}\p{Cs}]/gu, ''))
        .slice(0, MAX_CHARS[action.field])
        .join('');
      if (m.draft[action.field] === text) return s;
      return { ...s, modal: { ...m, draft: { ...m.draft, [action.field]: text }, error: null } };
    }
    case 'listInvalid': {
      if (!m) return s;
      const { errors } = checkListing(m.draft, openItemKeys(s));
      const first = LISTING_FIELDS.find((f) => errors[f]) ?? m.field;
      return { ...s, modal: { ...m, attempted: true, field: first } };
    }
    case 'listSent': {
      const modal = m ? { ...m, pending: true, error: null } : s.modal;
      return { ...s, modal, status: { at: now, tone: 'muted', text: `Listing ${action.listing.item}…` } };
    }
    case 'listResult':
      return onListResult(s, action, now);
  }
}

function onListResult(s: AuctionState, a: Extract<ListingAction, { type: 'listResult' }>, now: number): AuctionState {
  const { listing } = a;
  const m = s.modal?.kind === 'list' && same(s.modal.draft.item.trim(), listing.item) ? s.modal : null;
  if (!a.outcome.ok) {
    const reason = a.outcome.reason;
    const modal = m ? { ...m, pending: false, error: reason } : s.modal;
    return statusAndLog({ ...s, modal }, now, 'bad', `Listing ${listing.item} denied: ${reason}`, listing.item);
  }
  const key = listing.item.toLowerCase();
  const existing = s.auctions[key];
  // The watch stream's AUCTION_ANNOUNCE may come before or after ITEM_LISTED: either way the row is ours.
  const auction =
    existing && !existing.closed
      ? { ...existing, seller: a.me }
      : {
          ...newAuction(
            listing.item,
            listing.description,
            listing.startPrice,
            now + listing.duration * 1000,
            now,
            true,
          ),
          seller: a.me,
        };
  const text = `Listed ${listing.item} at ${money(listing.startPrice)}, closes in ${durationWords(listing.duration)}`;
  const next: AuctionState = {
    ...putAuction(s, auction),
    modal: m ? null : s.modal,
    selected: key,
    status: { at: now, tone: 'good', text },
  };
  // Already announced (and logged) by the watch stream: the status line is enough.
  return existing && !existing.closed ? next : log(next, now, 'good', text, listing.item);
}
