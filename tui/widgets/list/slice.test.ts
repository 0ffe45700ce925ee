import { describe, expect, it } from '@jest/globals';
import type { AuctionState } from '../../state/model.js';
import { initialState } from '../../state/reducer.js';
import { canList } from '../../state/session-selectors.js';
import { isMine } from '../../state/auction-selectors.js';
import { run, stateAs, T0 } from '../../testing/state.js';
import type { ListingModal } from './actions.js';
import { checkListing, parseDuration, parsePrice } from './slice.js';

const seller = (name?: string): AuctionState => stateAs('seller', name);

function form(s: AuctionState): ListingModal {
  if (s.modal?.kind !== 'list') throw new Error(`no listing form open (modal: ${s.modal?.kind ?? 'none'})`);
  return s.modal;
}

const lamp = { item: 'lamp', description: 'Brass desk lamp', startPrice: 1250, duration: 300 };

describe('duration parsing', () => {
  it.each([
    ['90', 90],
    ['90s', 90],
    ['5m', 300],
    ['2h', 7200],
    ['1h30m', 5400],
    [' 5 m ', 300],
    ['2D', 172_800],
    ['30d', 2_592_000],
  ])('%j is %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: seconds });
  });

  it.each(['', 'abc', '5x', '1.5h', '-5', 'm5', '5 minutes'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toEqual({ ok: false, reason: 'must be seconds or like 90s, 5m, 2h' });
  });

  it('uses the codec limits: 1 s to 30 days', () => {
    expect(parseDuration('0')).toEqual({ ok: false, reason: 'must be from 1 second to 30 days' });
    expect(parseDuration('0s')).toMatchObject({ ok: false });
    expect(parseDuration('31d')).toMatchObject({ ok: false });
    expect(parseDuration('2592001')).toMatchObject({ ok: false });
    expect(parseDuration('99999999999999999999')).toMatchObject({ ok: false });
  });
});

describe('listing validation (the codec field rules)', () => {
  it('accepts a valid draft and gives the listing to send', () => {
    const check = checkListing({ item: 'lamp', description: ' Brass desk lamp ', price: '12.5', duration: '5m' });
    expect(check).toEqual({ errors: {}, listing: lamp });
    expect(parsePrice('7')).toEqual({ ok: true, value: 700 });
    // Money is exact (PROTOCOL.md §2): no currency sign, comma, sign or exponent, the same rule as bids.
    expect(parsePrice('$7')).toEqual({ ok: false, reason: 'must not include a currency sign' });
    expect(parsePrice('12,5')).toMatchObject({ ok: false, reason: expect.stringContaining('comma') });
  });

  it('phrases each field error after its label', () => {
    const check = checkListing({ item: 'a lamp', description: '', price: '12.505', duration: 'soon' });
    expect(check.listing).toBeNull();
    expect(check.errors).toEqual({
      item: 'Name must be 1 to 32 letters, digits, "_", "." or "-"',
      description: 'Description must be 1 to 200 characters',
      price: 'Start price must have at most 2 decimals (cents)',
      duration: 'Duration must be seconds or like 90s, 5m, 2h',
    });
    expect(checkListing({ item: 'x', description: 'y', price: '0', duration: '1' }).errors.price).toBe(
      'Start price must be more than $0.00',
    );
  });

  it('refuses a name already on sale (case-insensitive)', () => {
    const check = checkListing({ item: 'Lamp', description: 'd', price: '1', duration: '60' }, ['lamp']);
    expect(check.errors.item).toBe('Lamp is already on sale: pick another name');
    expect(check.listing).toBeNull();
  });
});

describe('reducer: the listing form', () => {
  it('opens empty on the name field; Tab order wraps both ways', () => {
    let s = run(seller(), { type: 'listOpen' });
    expect(form(s)).toMatchObject({
      field: 'item',
      draft: { item: '', description: '', price: '', duration: '' },
      pending: false,
    });
    s = run(
      s,
      { type: 'listFieldMove', delta: 1 },
      { type: 'listFieldMove', delta: 1 },
      { type: 'listFieldMove', delta: 1 },
    );
    expect(form(s).field).toBe('duration');
    s = run(s, { type: 'listFieldMove', delta: 1 });
    expect(form(s).field).toBe('item');
    s = run(s, { type: 'listFieldMove', delta: -1 });
    expect(form(s).field).toBe('duration');
    s = run(s, { type: 'listFieldMove', delta: -1 });
    expect(form(s).field).toBe('price');
  });

  it('keeps drafts per field, without control characters, within the codec lengths', () => {
    const s = run(
      seller(),
      { type: 'listOpen' },
      { type: 'listDraft', field: 'item', text: 'x'.repeat(40) },
      { type: 'listDraft', field: 'description', text: 'a\u0007b' },
    );
    expect(form(s).draft.item).toBe('x'.repeat(32));
    expect(form(s).draft.description).toBe('ab');
  });

  it('a refused submit marks the form attempted and moves to the first bad field', () => {
    let s = run(
      seller(),
      { type: 'listOpen' },
      { type: 'listDraft', field: 'item', text: 'lamp' },
      { type: 'listFieldMove', delta: -1 },
    );
    expect(form(s).field).toBe('duration');
    s = run(s, { type: 'listInvalid' });
    expect(form(s)).toMatchObject({ attempted: true, field: 'description' });
  });

  it('ITEM_LISTED closes the form, adds the row as ours and selects it', () => {
    let s = run(
      seller(),
      { type: 'listOpen' },
      { type: 'listDraft', field: 'item', text: 'lamp' },
      { type: 'listSent', listing: lamp },
    );
    expect(form(s).pending).toBe(true);
    expect(s.status?.text).toBe('Listing lamp…');
    s = run(s, { type: 'listResult', listing: lamp, me: 'sam', outcome: { ok: true } });
    expect(s.modal).toBeNull();
    expect(s.auctions.get('lamp')!).toMatchObject({
      item: 'lamp',
      seller: 'sam',
      currentPrice: 1250,
      closesAt: T0 + 300_000,
      bidCount: 0,
      bidsKnown: true,
    });
    expect(isMine(s.auctions.get('lamp')!, 'SAM')).toBe(true);
    expect(s.selected).toBe('lamp');
    expect(s.status).toMatchObject({ tone: 'good', text: 'Listed lamp at $12.50, closes in 5 min' });
    expect(s.log[0].text).toBe('Listed lamp at $12.50, closes in 5 min');
  });

  it('an AUCTION_ANNOUNCE seen first keeps its row (one log line) and becomes ours', () => {
    let s = run(seller(), {
      type: 'push',
      msg: {
        type: 'AUCTION_ANNOUNCE',
        rq: '1',
        item: 'lamp',
        description: 'Brass desk lamp',
        currentPrice: 1250,
        timeLeft: 300,
      },
    });
    const logged = s.log.length;
    s = run(s, { type: 'listResult', listing: lamp, me: 'sam', outcome: { ok: true } });
    expect(s.auctions.get('lamp')!.seller).toBe('sam');
    expect(s.log.length).toBe(logged);
    // Bids on our item are shown live (the server sends the seller BID_UPDATE).
    s = run(s, {
      type: 'push',
      msg: { type: 'BID_UPDATE', rq: '2', item: 'lamp', highestBid: 1300, bidder: 'bob', timeLeft: 290 },
    });
    expect(s.auctions.get('lamp')!).toMatchObject({
      seller: 'sam',
      currentPrice: 1300,
      highBidder: 'bob',
      bidCount: 1,
    });
    expect(s.log[0]).toMatchObject({ tone: 'good', text: 'Bid on your lamp: $13.00 by bob' });
  });

  it('LIST-DENIED keeps the form with the reason; editing clears it', () => {
    let s = run(
      seller(),
      { type: 'listOpen' },
      { type: 'listDraft', field: 'item', text: 'lamp' },
      { type: 'listSent', listing: lamp },
      {
        type: 'listResult',
        listing: lamp,
        me: 'sam',
        outcome: { ok: false, reason: 'Item lamp is in use by an unfinished auction' },
      },
    );
    expect(form(s)).toMatchObject({ pending: false, error: 'Item lamp is in use by an unfinished auction' });
    expect(s.status).toMatchObject({
      tone: 'bad',
      text: 'Listing lamp denied: Item lamp is in use by an unfinished auction',
    });
    expect(s.auctions.get('lamp')!).toBeUndefined();
    s = run(s, { type: 'listDraft', field: 'item', text: 'lamp2' });
    expect(form(s).error).toBeNull();
  });

  it('Esc (modalClose) cancels', () => {
    const s = run(seller(), { type: 'listOpen' }, { type: 'modalClose' });
    expect(s.modal).toBeNull();
  });

  it('only logged-in sellers may list', () => {
    expect(canList(seller())).toBe(true);
    const buyer = initialState({
      now: T0,
      server: 's',
      account: { kind: 'account', name: 'b', role: 'buyer', loggedIn: true, error: null },
    });
    expect(canList(buyer)).toBe(false);
    expect(canList(initialState({ now: T0, server: 's', account: { kind: 'spectator' } }))).toBe(false);
    expect(canList(run(seller(), { type: 'connection', state: 'offline', rttMs: null }))).toBe(false);
  });
});
