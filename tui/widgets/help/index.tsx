// The help overlay (`?`): every key of the market and what the marks mean, over the whole body.
import type { Widget } from '../view.js';
import { marketHelp } from '../market/hints.js';
import { modalIs } from '../view.js';
import { HelpOverlay } from './help-overlay.js';
import { helpNotes } from './selectors.js';
import { useHelpKeys } from './use-help-keys.js';

export const HELP_WIDGET: Widget<'help'> = {
  id: 'help',
  active: modalIs('help'),
  useKeys: useHelpKeys,
  hints: () => [
    ['? Esc', 'close help'],
    ['Ctrl-C', 'quit'],
  ],
  // The help takes the whole body (the event log too), so every key fits at 80×24.
  body: ({ s, columns, body }) => (
    <HelpOverlay
      keys={marketHelp(s)}
      notes={helpNotes(s)}
      spectator={s.account.kind === 'spectator'}
      seller={s.account.kind === 'account' && s.account.role === 'seller'}
      width={columns}
      height={body}
    />
  ),
};
