// The price question (seller mode): the server asks whether to lower an unbid auction's price; the
// prompt takes the detail pane's place beside the table.
import { detailWidth, PROMPT_MIN_WIDTH } from '../../layout.js';
import { negotiationArmed, negotiationClosesAt, waitingNegotiations } from './selectors.js';
import { secondsUntil } from '../../state/auction-selectors.js';
import type { Widget } from '../view.js';
import { modalIs } from '../view.js';
import { NegotiationPrompt } from './negotiation-prompt.js';
import { useNegotiateKeys } from './use-negotiate-keys.js';

export const NEGOTIATE_WIDGET: Widget<'negotiate'> = {
  id: 'negotiate',
  useKeys: useNegotiateKeys,
  active: modalIs('negotiate'),
  hints: () => [
    ['⏎', 'lower price'],
    ['r', 'keep price'],
    ['Esc', 'answer later'],
  ],
  side: ({ s, live, height, columns }) => {
    if (s.modal?.kind !== 'negotiate') return null;
    const a = s.auctions.get(s.modal.item.toLowerCase());
    const closesAt = negotiationClosesAt(s, s.modal.item);
    return (
      <NegotiationPrompt
        modal={s.modal}
        price={a?.currentPrice ?? s.modal.price}
        closesAt={closesAt}
        secondsLeft={closesAt === null ? null : secondsUntil(closesAt, s.now)}
        waiting={waitingNegotiations(s).length}
        armed={negotiationArmed(s)}
        focus={live}
        width={Math.max(PROMPT_MIN_WIDTH, detailWidth(columns))}
        height={height}
      />
    );
  },
  sideWidth: (columns) => Math.max(PROMPT_MIN_WIDTH, detailWidth(columns)),
};
