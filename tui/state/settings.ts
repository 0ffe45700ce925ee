// Slices of the app itself: its settings (from the command line) and the increments the client core
// knows. (The question asked before quitting is its widget's: widgets/quit/.)
import { unchanged } from './helpers.js';
import type { Action, Increments, Settings, SliceResult } from './model.js';

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
