// The price question's keys (seller mode): the new price is a money field, prefilled with the
// suggestion and selected (typing replaces it, Backspace edits it); Enter sends ACCEPT with it, `r`
// sends REFUSE, Esc puts the question aside (`n` brings it back).
// The prompt opens by itself when the server asks, maybe while the seller is typing something else:
// it takes no key until it has been on screen NEGOTIATION_ARM_MS by the store's clock (the store
// ticks at that moment, and the prompt then shows its keys), so a keystroke meant for another widget
// (Enter, digits) never answers the question by accident.
import { useCallback } from 'react';
import { money } from '../../format.js';
import type { KeyHandler } from '../../hooks/use-store.js';
import { useCommands, useStore } from '../../hooks/use-store.js';
import { editField, parseAmount } from '../../input/field.js';
import { negotiationArmed } from './selectors.js';

export function useNegotiateKeys(): KeyHandler {
  const store = useStore();
  const commands = useCommands();
  return useCallback(
    (ev) => {
      const s = store.getSnapshot();
      const m = s.modal?.kind === 'negotiate' ? s.modal : null;
      if (!m || !negotiationArmed(s)) return;
      if (ev.kind === 'escape') return store.dispatch({ type: 'negotiateLater' });
      if (m.pending) return;
      if (ev.kind === 'enter') {
        const price = parseAmount(m.draft);
        if (!price.ok) return store.dispatch({ type: 'negotiateError', reason: `New price ${price.reason}` });
        const current = s.auctions.get(m.item.toLowerCase())?.currentPrice ?? m.price;
        if (price.value >= current)
          return store.dispatch({ type: 'negotiateError', reason: `New price must be below ${money(current)}` });
        void commands.answerNegotiation(m.item, m.rq, price.value);
        return;
      }
      if (ev.kind === 'char' && (ev.char === 'r' || ev.char === 'R')) {
        void commands.answerNegotiation(m.item, m.rq, null);
        return;
      }
      const edit = editField(m.draft, ev, { kind: 'money', selected: !m.edited });
      if (edit && !edit.refused) store.dispatch({ type: 'negotiateDraft', text: edit.value });
    },
    [store, commands],
  );
}
