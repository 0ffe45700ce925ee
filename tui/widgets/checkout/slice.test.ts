import { describe, expect, it } from '@jest/globals';
import type { Winner } from '../../../shared/protocol/index.js';
import type { Action } from '../../state/model.js';
import { answerSecondsLeft, checkoutBadge, checkoutOnScreen, current, queued, sellerCredit } from './selectors.js';
import { run, stateAs as as, T0 } from '../../testing/state.js';

const won: Winner = { type: 'WINNER', rq: '77', item: 'lamp', finalPrice: 1250, seller: 'sam' };
const opened = (
  id = 'c1',
  opening: Action & { type: 'checkoutOpened' } extends { opening: infer O } ? O : never = won,
): Action => ({ type: 'checkoutOpened', id, opening });
const ask = (id = 'c1', rq = '77', item = 'lamp'): Action => ({
  type: 'checkoutMessage',
  id,
  msg: { type: 'INFORM_Req', rq, item, finalPrice: 1250 },
});

describe('checkout slice', () => {
  it('WINNER opens the pane; INFORM_Req starts the countdown from its arrival (server default 120 s, an estimate)', () => {
    let s = run(as('buyer'), opened());
    const e = current(s.checkout)!;
    expect(e).toMatchObject({
      role: 'buyer',
      item: 'lamp',
      finalPrice: 1250,
      counterpart: 'sam',
      phase: 'opening',
      askedAt: null,
    });
    expect(s.checkout.visible).toBe(true);
    expect(checkoutOnScreen(s)).toBe(true);
    s = run(s, [T0 + 2000, ask()]);
    expect(current(s.checkout)).toMatchObject({ phase: 'form', askedAt: T0 + 2000, deadline: T0 + 122_000 });
    expect(s.checkout.timeoutKnown).toBe(false);
    expect(answerSecondsLeft(current(s.checkout)!, T0 + 2000)).toBe(120);
    expect(answerSecondsLeft(current(s.checkout)!, T0 + 61_500)).toBe(61);
    expect(answerSecondsLeft(current(s.checkout)!, T0 + 500_000)).toBe(0);
  });

  it('uses --inform-timeout when given', () => {
    const s = run(as('buyer'), { type: 'checkoutConfig', informTimeoutS: 60 }, opened(), ask());
    expect(s.checkout.timeoutKnown).toBe(true);
    expect(current(s.checkout)!.deadline).toBe(T0 + 60_000);
  });

  it('sending keeps only the last four digits; a failed send goes back to the form with the reason', () => {
    let s = run(as('buyer'), opened(), ask(), { type: 'checkoutSending', id: 'c1', last4: '1111' });
    expect(current(s.checkout)).toMatchObject({ phase: 'sending', cardLast4: '1111' });
    const failed = run(s, {
      type: 'checkoutSendResult',
      id: 'c1',
      outcome: { ok: false, reason: 'INFORM_Res not delivered: EPIPE' },
    });
    expect(current(failed.checkout)).toMatchObject({
      phase: 'form',
      error: 'INFORM_Res not delivered: EPIPE',
      cardLast4: null,
    });
    s = run(s, { type: 'checkoutSendResult', id: 'c1', outcome: { ok: true } });
    expect(current(s.checkout)!.phase).toBe('sent');
    expect(s.log[0].text).toBe('Payment details for lamp sent (card •••• 1111)');
  });

  it('PURCHASE_COMPLETE, Shipping_Info and CANCEL are the outcomes, each logged', () => {
    const sent = run(
      as('buyer'),
      opened(),
      ask(),
      { type: 'checkoutSending', id: 'c1', last4: '1111' },
      { type: 'checkoutSendResult', id: 'c1', outcome: { ok: true } },
    );
    const done = run(sent, {
      type: 'checkoutMessage',
      id: 'c1',
      msg: { type: 'PURCHASE_COMPLETE', rq: '77', item: 'lamp', finalPrice: 1250 },
    });
    expect(current(done.checkout)!.phase).toBe('complete');
    expect(done.status?.text).toBe('Purchase of lamp complete: $12.50 charged to card •••• 1111');
    expect(current(done.checkout)!.steps.map((x) => `${x.dir} ${x.text}`)).toEqual([
      'in WINNER lamp $12.50, seller sam',
      'in INFORM_Req lamp $12.50',
      'out INFORM_Res (card •••• 1111)',
      'in PURCHASE_COMPLETE lamp $12.50',
    ]);

    const seller = run(
      as('seller'),
      opened('c2', { type: 'SOLD', rq: '78', item: 'lamp', finalPrice: 1250, buyer: 'alice' }),
      ask('c2', '78'),
      {
        type: 'checkoutMessage',
        id: 'c2',
        msg: { type: 'Shipping_Info', rq: '78', buyer: 'alice', address: '12 Buyer Road' },
      },
    );
    expect(current(seller.checkout)).toMatchObject({
      role: 'seller',
      phase: 'shipping',
      shipTo: { buyer: 'alice', address: '12 Buyer Road' },
    });
    expect(seller.log[0].text).toBe('lamp sold: ship it to alice, 12 Buyer Road');

    const cancelled = run(sent, {
      type: 'checkoutMessage',
      id: 'c1',
      msg: { type: 'CANCEL', rq: '77', reason: 'No payment details from sam within 120 s' },
    });
    expect(current(cancelled.checkout)).toMatchObject({
      phase: 'cancelled',
      reason: 'No payment details from sam within 120 s',
    });
    expect(cancelled.log[0]).toMatchObject({
      tone: 'bad',
      text: 'Sale of lamp cancelled: No payment details from sam within 120 s',
    });
  });

  it('a connection that ends before the outcome is "lost"; after it, only marked closed', () => {
    const lost = run(as('buyer'), opened(), ask(), { type: 'checkoutEnded', id: 'c1' });
    expect(current(lost.checkout)).toMatchObject({ phase: 'lost', connected: false });
    const after = run(
      as('buyer'),
      opened(),
      ask(),
      { type: 'checkoutMessage', id: 'c1', msg: { type: 'CANCEL', rq: '77', reason: 'x' } },
      { type: 'checkoutEnded', id: 'c1' },
    );
    expect(current(after.checkout)).toMatchObject({ phase: 'cancelled', connected: false });
  });

  it('a reconnection for the same closure (same RQ# and item) continues the same checkout', () => {
    const s = run(as('buyer'), opened(), ask(), { type: 'checkoutEnded', id: 'c1' }, opened('c9'), ask('c9'));
    expect(s.checkout.entries).toHaveLength(1);
    expect(current(s.checkout)).toMatchObject({ id: 'c9', phase: 'form', connected: true, askedAt: T0 });
  });

  it('waits behind an open prompt and shows when it closes; Esc hides (badge), c shows', () => {
    let s = run(
      as('buyer'),
      {
        type: 'push',
        msg: { type: 'AUCTION_ANNOUNCE', rq: '1', item: 'vase', description: 'v', currentPrice: 100, timeLeft: 60 },
      },
      { type: 'bidOpen', item: 'vase', draft: '1.00' },
      opened(),
      ask(),
    );
    expect(s.checkout).toMatchObject({ visible: false, wantOpen: true });
    expect(checkoutOnScreen(s)).toBe(false);
    expect(checkoutBadge(s)).toBe('CHECKOUT lamp 2:00 · c');
    s = run(s, { type: 'modalClose' });
    expect(s.checkout).toMatchObject({ visible: true, wantOpen: false });
    expect(checkoutBadge(s)).toBeNull();
    s = run(s, { type: 'checkoutHide' });
    expect(s.checkout.visible).toBe(false);
    expect(run(s, [T0 + 30_000, { type: 'tick' }]).checkout).toBe(s.checkout);
    expect(checkoutBadge(run(s, [T0 + 30_000, { type: 'tick' }]))).toBe('CHECKOUT lamp 1:30 · c');
    s = run(s, { type: 'checkoutShow' });
    expect(s.checkout.visible).toBe(true);
  });

  it('checkouts queue: dismissing a finished one shows the next; none left hides the pane', () => {
    let s = run(
      as('seller'),
      opened('c1', { type: 'SOLD', rq: '80', item: 'lamp', finalPrice: 500, buyer: 'alice' }),
      opened('c2', { type: 'NON_OFFER', rq: '81', item: 'vase' }),
    );
    expect(queued(s.checkout)).toBe(1);
    expect(current(s.checkout)!.id).toBe('c1');
    s = run(
      s,
      { type: 'checkoutMessage', id: 'c1', msg: { type: 'CANCEL', rq: '80', reason: 'x' } },
      { type: 'checkoutDismiss', id: 'c1' },
    );
    expect(current(s.checkout)).toMatchObject({ id: 'c2', phase: 'unsold' });
    s = run(s, { type: 'checkoutDismiss', id: 'c2' });
    expect(current(s.checkout)).toBeNull();
    expect(s.checkout.visible).toBe(false);
  });

  it("remembers a seller's listings for a relist after NON_OFFER, and follows the LIST_ITEM", () => {
    let s = run(
      as('seller'),
      {
        type: 'push',
        msg: {
          type: 'AUCTION_ANNOUNCE',
          rq: '1',
          item: 'Lamp',
          description: 'Brass lamp',
          currentPrice: 1000,
          timeLeft: 8,
        },
      },
      // A later announcement of the same item (Time_Left smaller) does not change what was listed.
      {
        type: 'push',
        msg: {
          type: 'AUCTION_ANNOUNCE',
          rq: '2',
          item: 'Lamp',
          description: 'Brass lamp',
          currentPrice: 1000,
          timeLeft: 3,
        },
      },
      opened('c3', { type: 'NON_OFFER', rq: '90', item: 'Lamp' }),
    );
    expect(current(s.checkout)).toMatchObject({
      phase: 'unsold',
      listing: { item: 'Lamp', description: 'Brass lamp', startPrice: 1000, durationS: 8 },
    });
    const listing = { item: 'Lamp', description: 'Brass lamp', startPrice: 1000, duration: 8 };
    s = run(s, { type: 'listSent', listing });
    expect(current(s.checkout)!.relist).toEqual({ state: 'sending' });
    const denied = run(s, { type: 'listResult', listing, me: 'sam', outcome: { ok: false, reason: 'name in use' } });
    expect(current(denied.checkout)!.relist).toEqual({ state: 'failed', reason: 'name in use' });
    s = run(s, { type: 'listResult', listing, me: 'sam', outcome: { ok: true } });
    expect(current(s.checkout)!.relist).toEqual({ state: 'done' });
  });

  it('NON_OFFER of an unknown listing: relistAsk asks for the details', () => {
    let s = run(as('seller'), opened('c4', { type: 'NON_OFFER', rq: '91', item: 'vase' }));
    expect(current(s.checkout)!.listing).toEqual({
      item: 'vase',
      description: null,
      startPrice: null,
      durationS: null,
    });
    s = run(s, { type: 'relistAsk', id: 'c4' }, { type: 'relistError', id: 'c4', reason: 'Start price must be …' });
    expect(current(s.checkout)!.relist).toEqual({ state: 'asking', error: 'Start price must be …' });
  });

  it('never stores a card number: the slice knows the last four digits only', () => {
    const s = run(as('buyer'), opened(), ask(), { type: 'checkoutSending', id: 'c1', last4: '1111' });
    expect(JSON.stringify(s)).not.toMatch(/\d{5,}1111/);
    expect(sellerCredit(1250)).toBe(1125);
    expect(sellerCredit(4001)).toBe(3600); // rounded down, as the server credits it
  });
});
