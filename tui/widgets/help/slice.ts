// The help overlay's state: only its kind of the modal slot, which `?` toggles (Esc: modalClose).
import { unchanged } from '../../state/helpers.js';
import type { Action, Modal, SliceResult } from '../../state/model.js';
import type { WidgetModel } from '../widget.js';
import type { HelpTypes } from './actions.js';

export function reduceHelp(modal: Modal | null, action: Action): SliceResult<Modal | null> {
  if (action.type !== 'helpToggle') return unchanged(modal);
  return unchanged(modal?.kind === 'help' ? null : { kind: 'help' });
}

export const HELP_MODEL: WidgetModel<HelpTypes> = { initial: {}, slices: {}, modal: reduceHelp };
