// Slices of the app itself: its settings (from the command line), and the question asked before
// quitting when quitting would lose something (a checkout waiting, a form half filled).
import { unchanged } from './helpers.js';
import type { Action, QuitQuestion, Settings, SliceResult } from './model.js';

export function reduceSettings(settings: Settings, action: Action): SliceResult<Settings> {
  return action.type === 'settings' ? unchanged({ ...settings, ...action.settings }) : unchanged(settings);
}

export function reduceQuit(quit: QuitQuestion | null, action: Action): SliceResult<QuitQuestion | null> {
  if (action.type === 'quitAsk') return unchanged({ reason: action.reason });
  if (action.type === 'quitCancel') return unchanged(null);
  return unchanged(quit);
}
