// The checkout pane's one request: INFORM_Res on the TCP conversation the server opened (PROTOCOL.md
// §7). The card number goes from the form to CheckoutSession.inform() and onto the wire, nowhere else:
// the store gets its last four digits, and any error text is passed through redact() first.
import type { CheckoutSession } from '../shared/client/types.js';
import { lastFour, redact } from '../shared/protocol/index.js';
import type { ServerAnswer } from './state/model.js';
import type { AuctionStore } from './state/store.js';

export interface PaymentForm {
  name: string;
  card: string;
  expiry: string;
  address: string;
}

export interface CheckoutCommandOptions {
  /** The open conversations (AuctionClient.checkouts). */
  client: { readonly checkouts: CheckoutSession[] };
  store: AuctionStore;
  /** The address was sent: remember it (profile file). Never given the card. */
  onAddress?: (address: string) => void;
}

export async function informCheckout(opts: CheckoutCommandOptions, id: string, form: PaymentForm): Promise<void> {
  const { dispatch } = opts.store;
  const session = opts.client.checkouts.find((c) => c.id === id);
  if (!session) {
    dispatch({
      type: 'checkoutFormError',
      id,
      reason: 'the checkout connection is closed; the server reconnects while time remains',
    });
    return;
  }
  dispatch({ type: 'checkoutSending', id, last4: lastFour(form.card) });
  let outcome: ServerAnswer;
  try {
    await session.inform({
      name: form.name.trim(),
      card: form.card,
      expiry: form.expiry,
      address: form.address.trim(),
    });
    outcome = { ok: true };
  } catch (err) {
    outcome = { ok: false, reason: redact((err as Error).message) };
  }
  dispatch({ type: 'checkoutSendResult', id, outcome });
  if (outcome.ok) opts.onAddress?.(form.address.trim());
}
