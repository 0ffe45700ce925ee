// Slices of the app itself: its settings (from the command line), the increments the client core
// knows, and the question asked before quitting when quitting would lose something (a checkout
// waiting, a form half filled).
import { unchanged } from './helpers.js';
import type { Action, Increments, QuitQuestion, Settings, SliceResult } from './model.js';

export const INITIAL_INCREMENTS: Increments = { policy: 'cent', source: 'assumed' };

/** What the client core knows of the server's increments (its 'increments' event). */
export function reduceIncrements(increments: Increments, action: Action): SliceResult<Increments> {
  if (action.type !== 'increments') return unchanged(increments);
  const next = action.increments;
  return unchanged(next.policy === increments.policy && next.source === increments.source ? increments : next);
}

export function reduceSettings(settings: Settings, action: Action): SliceResult<Settings> {
  return action.type === 'settings' ? unchanged({ ...settings, ...action.settings }) : unchanged(settings);
}

export function reduceQuit(quit: QuitQuestion | null, action: Action): SliceResult<QuitQuestion | null> {
  if (action.type === 'quitAsk') return unchanged({ reason: action.reason });
  if (action.type === 'quitCancel') return unchanged(null);
  return unchanged(quit);
}
