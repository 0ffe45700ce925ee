// The quit question: over everything, the keyboard included, while quitting would lose something.
import type { Widget } from '../view.js';
import { QuitQuestion } from './quit-question.js';
import { useQuitKeys } from './use-quit-keys.js';

export const QUIT_WIDGET: Widget<'quit'> = {
  id: 'quit',
  useKeys: useQuitKeys,
  active: (s) => s.quit !== null,
  hints: () => [
    ['y', 'quit anyway'],
    ['any other key', 'stay'],
  ],
  bar: ({ s }) => (s.quit ? <QuitQuestion reason={s.quit.reason} /> : null),
};
