// The quit question's state: the question (its slice), until y quits or any other key stays.
import { unchanged } from '../../state/helpers.js';
import type { Action, SliceResult } from '../../state/model.js';
import type { WidgetModel } from '../widget.js';
import type { QuitQuestion, QuitTypes } from './actions.js';

export function reduceQuit(quit: QuitQuestion | null, action: Action): SliceResult<QuitQuestion | null> {
  if (action.type === 'quitAsk') return unchanged({ reason: action.reason });
  if (action.type === 'quitCancel') return unchanged(null);
  return unchanged(quit);
}

export const QUIT_MODEL: WidgetModel<QuitTypes> = { initial: { quit: null }, slices: { quit: reduceQuit } };
