import { describe, expect, it } from '@jest/globals';
import type { Action, AuctionState } from '../../state/model.js';
import { NEGOTIATION_GRACE_MS } from '../../state/model.js';
import { initialState } from '../../state/reducer.js';
import { selectedAuction } from '../../state/table-selectors.js';
import { waitingNegotiations } from './selectors.js';
import { push, run, stateAs, T0 } from '../../testing/state.js';
import type { NegotiationModal } from './actions.js';
import { suggestedPrice } from './slice.js';

const seller = (name?: string): AuctionState => stateAs('seller', name);

const announce = (item: string, price: number, timeLeft: number): Action =>
  push({ type: 'AUCTION_ANNOUNCE', rq: '1', item, description: `A ${item}`, currentPrice: price, timeLeft });
const ask = (item: string, price: number, timeLeft: number, rq = '77'): Action =>
  push({ type: 'NEGOTIATE_REQ', rq, item, currentPrice: price, timeLeft });

function prompt(s: AuctionState): NegotiationModal {
  if (s.modal?.kind !== 'negotiate') throw new Error(`no price question open (modal: ${s.modal?.kind ?? 'none'})`);
  return s.modal;
}

describe('reducer: the price question', () => {
  it('suggests 10% lower, rounded to the cent', () => {
    expect(suggestedPrice(1000)).toBe(900);
    expect(suggestedPrice(1255)).toBe(1130); // 11.295 → 11.30
    expect(suggestedPrice(999)).toBe(899); // 8.991 → 8.99
  });

  it('a NEGOTIATE_REQ opens the prompt with the suggested price and marks the item ours', () => {
    const s = run(seller(), announce('lamp', 1000, 60), [T0 + 30_000, ask('lamp', 1000, 30)]);
    expect(prompt(s)).toMatchObject({
      item: 'lamp',
      rq: '77',
      price: 1000,
      draft: '9.00',
      edited: false,
      pending: null,
      error: null,
    });
    expect(selectedAuction(s)?.key).toBe('lamp');
    expect(s.auctions.get('lamp')!.seller).toBe('sam');
    expect(s.negotiation.closesAt.lamp).toBe(T0 + 60_000);
  });

  it('a repeated request (same RQ#) opens no second prompt and logs once', () => {
    let s = run(seller(), announce('lamp', 1000, 60), ask('lamp', 1000, 30), { type: 'negotiateDraft', text: '8.5' });
    const logged = s.log.length;
    s = run(s, [T0 + 2000, ask('lamp', 1000, 28)], [T0 + 4000, ask('lamp', 1000, 26)]);
    expect(prompt(s)).toMatchObject({ item: 'lamp', draft: '8.5', edited: true });
    expect(s.log.length).toBe(logged);
    expect(waitingNegotiations(s)).toEqual([]);
  });

  it('waits while another form holds the keyboard, then opens', () => {
    let s = run(seller(), { type: 'listOpen' }, announce('lamp', 1000, 60), ask('lamp', 1000, 30));
    expect(s.modal?.kind).toBe('list');
    expect(waitingNegotiations(s)).toEqual(['lamp']);
    s = run(s, { type: 'modalClose' });
    expect(prompt(s).item).toBe('lamp');
  });

  it('accept: sent, then the price adjustment closes it; a late repeat does not reopen it', () => {
    let s = run(seller(), announce('lamp', 1000, 60), ask('lamp', 1000, 30));
    s = run(s, { type: 'negotiateSent', item: 'lamp', rq: '77', answer: 'accept', price: 900 });
    expect(prompt(s).pending).toBe('accept');
    // The PRICE_ADJUSTMENT reply is also a push: the prompt stays while the answer is in flight.
    s = run(s, push({ type: 'PRICE_ADJUSTMENT', rq: '77', item: 'lamp', newPrice: 900, timeLeft: 30 }));
    expect(prompt(s).pending).toBe('accept');
    s = run(s, {
      type: 'negotiateResult',
      item: 'lamp',
      rq: '77',
      answer: 'accept',
      price: 900,
      outcome: { ok: true },
    });
    expect(s.modal).toBeNull();
    expect(s.auctions.get('lamp')!.currentPrice).toBe(900);
    expect(s.status).toMatchObject({ tone: 'good', text: 'Price of lamp lowered to $9.00' });
    expect(s.log[0].text).toBe('Price of lamp lowered to $9.00');
    s = run(s, [T0 + 1000, ask('lamp', 1000, 29)]);
    expect(s.modal).toBeNull();
    expect(s.negotiation.requests).toEqual({});
  });

  it('a denied answer stays in the prompt with the reason, and can be retried', () => {
    let s = run(
      seller(),
      announce('lamp', 1000, 60),
      ask('lamp', 1000, 30),
      { type: 'negotiateSent', item: 'lamp', rq: '77', answer: 'accept', price: 900 },
      {
        type: 'negotiateResult',
        item: 'lamp',
        rq: '77',
        answer: 'accept',
        price: 900,
        outcome: { ok: false, reason: 'New_Price must be below the current price' },
      },
    );
    expect(prompt(s)).toMatchObject({ pending: null, error: 'New_Price must be below the current price' });
    expect(s.log[0]).toMatchObject({
      tone: 'bad',
      text: 'Lowering lamp to $9.00 denied: New_Price must be below the current price',
    });
    s = run(s, { type: 'negotiateDraft', text: '8' });
    expect(prompt(s)).toMatchObject({ draft: '8', error: null });
  });

  it('refuse: closes with "kept the price"', () => {
    const s = run(
      seller(),
      announce('lamp', 1000, 60),
      ask('lamp', 1000, 30),
      { type: 'negotiateSent', item: 'lamp', rq: '77', answer: 'refuse', price: null },
      { type: 'negotiateResult', item: 'lamp', rq: '77', answer: 'refuse', price: null, outcome: { ok: true } },
    );
    expect(s.modal).toBeNull();
    expect(s.log[0]).toMatchObject({ tone: 'good', text: 'You kept the price of lamp at $10.00' });
  });

  it('Esc puts it aside; repeats do not reopen it; n does', () => {
    let s = run(seller(), announce('lamp', 1000, 60), ask('lamp', 1000, 30), { type: 'negotiateLater' });
    expect(s.modal).toBeNull();
    expect(s.status?.text).toContain('press n');
    s = run(s, [T0 + 2000, ask('lamp', 1000, 28)]);
    expect(s.modal).toBeNull();
    expect(waitingNegotiations(s)).toEqual(['lamp']);
    s = run(s, { type: 'negotiateOpen' });
    expect(prompt(s).item).toBe('lamp');
  });

  it('n with nothing waiting says so', () => {
    const s = run(seller(), { type: 'negotiateOpen' });
    expect(s.modal).toBeNull();
    expect(s.status?.text).toBe('No price question is waiting.');
  });

  it('the prompt disappears when the auction closes', () => {
    const s = run(seller(), announce('lamp', 1000, 60), ask('lamp', 1000, 30), [
      T0 + 30_000,
      push({ type: 'AUCTION_CLOSED', rq: '9', item: 'lamp', finalPrice: 1000, winner: null }),
    ]);
    expect(s.modal).toBeNull();
    expect(s.negotiation.requests).toEqual({});
    expect(s.log[0].text).toBe('Price question for lamp closed: the auction closed');
  });

  it('the prompt disappears when its time runs out, or a catalog no longer lists the item', () => {
    // An item the table never showed (no announce): only the request's close time is known.
    let s = run(seller(), ask('ghost', 1000, 10));
    expect(prompt(s).item).toBe('ghost');
    s = run(s, [T0 + 10_000 + NEGOTIATION_GRACE_MS, { type: 'tick' }]);
    expect(s.modal).toBeNull();
    s = run(seller(), ask('ghost', 1000, 10), { type: 'catalog', entries: [] });
    expect(s.modal).toBeNull();
    expect(s.log[0].text).toBe('Price question for ghost closed: the item is gone');
  });

  it('the prompt disappears when a bid lands (the question no longer applies)', () => {
    const s = run(
      seller(),
      announce('lamp', 1000, 60),
      ask('lamp', 1000, 30),
      push({ type: 'BID_UPDATE', rq: '5', item: 'lamp', highestBid: 1000, bidder: 'bob', timeLeft: 29 }),
    );
    expect(s.modal).toBeNull();
    expect(s.log[0].text).toBe('Price question for lamp closed: it has a bid now');
  });

  it('answered from elsewhere (a PRICE_ADJUSTMENT with no answer of ours in flight): the prompt closes quietly', () => {
    const s = run(
      seller(),
      announce('lamp', 1000, 60),
      ask('lamp', 1000, 30),
      push({ type: 'PRICE_ADJUSTMENT', rq: '77', item: 'lamp', newPrice: 850, timeLeft: 29 }),
    );
    expect(s.modal).toBeNull();
    expect(s.log[0].text).toBe('Price of lamp lowered to $8.50');
  });

  it('spectators and buyers never get a prompt opened', () => {
    const s = run(
      initialState({ now: T0, server: 's', account: { kind: 'spectator' } }),
      announce('lamp', 1000, 60),
      ask('lamp', 1000, 30),
    );
    expect(s.modal).toBeNull();
  });
});
