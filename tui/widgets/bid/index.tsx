// The bid prompt (`b`, `+`, `m`): the amount in the command bar, prefilled with the minimum next bid.
import { incrementsText } from '../../state/session-selectors.js';
import { minimumBid } from '../../state/auction-selectors.js';
import type { Widget } from '../view.js';
import { modalIs } from '../view.js';
import { BidInput } from './bid-input.js';
import { useBidKeys } from './use-bid-keys.js';

export const BID_WIDGET: Widget<'bid'> = {
  id: 'bid',
  useKeys: useBidKeys,
  active: modalIs('bid'),
  hints: (s) =>
    s.modal?.kind === 'bid' && s.modal.confirm?.ownLead
      ? [
          ['y', 'raise your own bid'],
          ['any other key', 'keep it'],
        ]
      : s.modal?.kind === 'bid' && s.modal.confirm
        ? [
            ['y', 'send it'],
            ['n Esc', 'change it'],
          ]
        : [
            ['⏎', s.modal?.kind === 'bid' && s.modal.mode === 'max' ? 'set maximum' : 'send bid'],
            ['Esc', 'cancel'],
          ],
  bar: ({ s, live, columns }) => {
    if (s.modal?.kind !== 'bid') return null;
    const a = s.auctions.get(s.modal.item.toLowerCase());
    return (
      <BidInput
        modal={s.modal}
        minimum={a ? minimumBid(a, s.increments.policy) : 0}
        increment={a ? incrementsText(s, a.currentPrice, true) : undefined}
        focus={live}
        width={columns}
      />
    );
  },
};
