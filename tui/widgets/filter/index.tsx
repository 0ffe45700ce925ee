// The filter (`/`): a prompt in the command bar that narrows the table as it is typed.
import { tableRows } from '../../state/table-selectors.js';
import type { Widget } from '../view.js';
import { modalIs } from '../view.js';
import { FilterInput } from './filter-input.js';
import { useFilterKeys } from './use-filter-keys.js';

export const FILTER_WIDGET: Widget<'filter'> = {
  id: 'filter',
  active: modalIs('filter'),
  useKeys: useFilterKeys,
  hints: () => [
    ['⏎', 'keep filter'],
    ['Tab', 'names / descriptions'],
    ['Esc', 'clear filter'],
  ],
  bar: ({ s, live }) =>
    s.modal?.kind === 'filter' ? (
      <FilterInput draft={s.modal.draft} matches={tableRows(s).length} focus={live} />
    ) : null,
};
