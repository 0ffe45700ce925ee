// Recent results (`h` on the market): every close seen, in the event log's place. It never has the
// keyboard (the market's `h` toggles it, and the list has no keys of its own), so it is never active;
// it draws in the log's place whichever widget is shown, and says on the log's border how to see it.
import { me } from '../../state/session-selectors.js';
import type { Widget } from '../view.js';
import { ResultsPanel } from './results-panel.js';

export const RESULTS_WIDGET: Widget<'results'> = {
  id: 'results',
  active: () => false,
  hints: () => [],
  log: ({ s, columns, logRows }) =>
    s.results.shown ? <ResultsPanel results={s.results.entries} me={me(s)} width={columns} height={logRows} /> : null,
  logAside: (s) => `h: results${s.results.entries.length ? ` (${s.results.entries.length})` : ''}`,
};
