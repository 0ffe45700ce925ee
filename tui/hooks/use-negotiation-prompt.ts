// The price question's keys (seller mode): digits and a dot edit the new price, Backspace deletes,
// Enter sends ACCEPT with it, `r` sends REFUSE, Esc puts the question aside (`n` brings it back).
// The prompt opens by itself when the server asks, maybe while the seller is typing something else:
// keys are ignored for ARM_MS after it appears, so a keystroke meant for another widget (Enter, digits)
// never answers the question by accident.
import { useInput } from 'ink';
import type { Key } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import { fields } from '../../shared/protocol/index.js';
import { money } from '../format.js';
import type { NegotiationModal } from '../state/negotiation.js';
import { cleanAmount } from './use-bid-input.js';
import { useCommands, useStore } from './use-store.js';

/** How long a freshly shown prompt ignores keys. */
export const ARM_MS = 600;

export interface NegotiationPromptKeys {
  onAccept: () => void;
  onRefuse: () => void;
  armed: boolean;
}

/** `promptId` names the prompt on screen (item and when it opened): a new one is armed afresh. */
export function useNegotiationPrompt({
  isActive,
  promptId,
}: {
  isActive: boolean;
  promptId: string | null;
}): NegotiationPromptKeys {
  const store = useStore();
  const commands = useCommands();
  const armedRef = useRef(false);
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    armedRef.current = false;
    setArmed(false);
    if (promptId === null) return undefined;
    const timer = setTimeout(() => {
      armedRef.current = true;
      setArmed(true);
    }, ARM_MS);
    return () => clearTimeout(timer);
  }, [promptId]);

  const prompt = useCallback((): NegotiationModal | null => {
    const m = store.getSnapshot().modal;
    return m?.kind === 'negotiate' ? m : null;
  }, [store]);

  const onAccept = useCallback(() => {
    const m = prompt();
    if (!m || m.pending) return;
    const s = store.getSnapshot();
    const price = fields.money(m.draft.trim());
    if (!price.ok) return store.dispatch({ type: 'negotiateError', reason: `New price ${price.reason}` });
    const current = s.auctions[m.item.toLowerCase()]?.currentPrice ?? m.price;
    if (price.value >= current)
      return store.dispatch({ type: 'negotiateError', reason: `New price must be below ${money(current)}` });
    void commands.answerNegotiation(m.item, m.rq, price.value);
  }, [store, commands, prompt]);

  const onRefuse = useCallback(() => {
    const m = prompt();
    if (!m || m.pending) return;
    void commands.answerNegotiation(m.item, m.rq, null);
  }, [commands, prompt]);

  useInput(
    (input: string, key: Key) => {
      const m = prompt();
      if (!m || !armedRef.current) return;
      if (key.escape) return store.dispatch({ type: 'negotiateLater' });
      if (key.return) return onAccept();
      if (input === 'r' || input === 'R') return onRefuse();
      if (key.backspace || key.delete) return store.dispatch({ type: 'negotiateDraft', text: m.draft.slice(0, -1) });
      if (key.ctrl && input === 'u') return store.dispatch({ type: 'negotiateDraft', text: '' });
      if (key.ctrl || key.meta || input === '') return;
      const enter = /[\r\n]/.test(input);
      const typed = cleanAmount(input);
      if (typed) store.dispatch({ type: 'negotiateDraft', text: cleanAmount(m.draft + typed) });
      if (enter) onAccept();
    },
    { isActive },
  );

  return { onAccept, onRefuse, armed };
}
