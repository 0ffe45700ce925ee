// The listing form (seller mode, `l`): four fields checked as typed, LIST_ITEM on Enter.
import { me } from '../../state/session-selectors.js';
import { openItemKeys } from '../../state/table-selectors.js';
import type { Widget } from '../view.js';
import { modalIs } from '../view.js';
import { ListingForm } from './listing-form.js';
import { checkListing } from './slice.js';
import { useListKeys } from './use-list-keys.js';

export const LIST_WIDGET: Widget<'list'> = {
  id: 'list',
  useKeys: useListKeys,
  active: modalIs('list'),
  hints: () => [
    ['⏎', 'list item'],
    ['Tab ⇧Tab', 'next/prev field'],
    ['Esc', 'cancel'],
  ],
  main: ({ s, columns, height, live }) =>
    s.modal?.kind === 'list' ? (
      <ListingForm
        modal={s.modal}
        errors={checkListing(s.modal.draft, openItemKeys(s)).errors}
        seller={me(s) ?? ''}
        now={s.now}
        focus={live}
        width={columns}
        height={height}
      />
    ) : null,
};
