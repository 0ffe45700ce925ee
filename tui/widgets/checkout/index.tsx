// The checkout pane (PROTOCOL.md §7): the conversation after a close, over the main area while no
// prompt is open. Its keys hook is called by app.tsx (the pane's view reads the form's drafts).
import type { KeyHint } from '../../components/footer.js';
import type { AuctionState } from '../../state/model.js';
import { checkoutOnScreen, current as currentCheckout, isFinished, needsAnswer, queued } from './selectors.js';
import type { Widget } from '../view.js';
import { CheckoutPane } from './checkout-pane.js';

export const CHECKOUT_WIDGET: Widget<'checkout'> = {
  id: 'checkout',
  active: checkoutOnScreen,
  quitsOnQ: (s) => {
    const e = currentCheckout(s.checkout);
    return !!e && isFinished(e) && !(e.phase === 'unsold' && e.relist.state === 'asking');
  },
  hints: checkoutHints,
  main: ({ s, columns, height, live, checkoutForm }) => {
    const e = currentCheckout(s.checkout);
    if (!e) return null;
    return (
      <CheckoutPane
        checkout={e}
        form={checkoutForm}
        now={s.now}
        queued={queued(s.checkout)}
        informTimeoutS={s.checkout.informTimeoutS}
        timeoutKnown={s.checkout.timeoutKnown}
        focus={live}
        width={columns}
        height={height}
      />
    );
  },
};

function checkoutHints(s: AuctionState): KeyHint[] {
  const e = currentCheckout(s.checkout);
  if (e && needsAnswer(e))
    return [
      ['⏎', 'send details'],
      ['Tab ↑↓', 'next field'],
      ['Esc', 'minimize'],
    ];
  if (e?.phase === 'unsold' && e.relist.state === 'asking')
    return [
      ['⏎', 'relist'],
      ['Tab ↑↓', 'next field'],
      ['Esc', 'close'],
    ];
  if (e?.phase === 'unsold' && (e.relist.state === 'idle' || e.relist.state === 'failed'))
    return [
      ['r', 'relist'],
      ['⏎ Esc', 'close'],
      ['q', 'quit'],
    ];
  if (e && isFinished(e))
    return [
      ['⏎ Esc', 'close'],
      ['q', 'quit'],
    ];
  return [['Esc', 'minimize']];
}
