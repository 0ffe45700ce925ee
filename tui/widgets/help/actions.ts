// The help overlay's own types: its action, its kind of the modal slot, its slices of the state (none).
// Types only, importing nothing of the state, so the root model (state/model.ts) can take them in.

export type HelpAction = { type: 'helpToggle' };

export interface HelpModal {
  kind: 'help';
}

export interface HelpTypes {
  action: HelpAction;
  modal: HelpModal;
  slice: Record<never, never>;
}

// Its entry in the widgets' type map (widgets/types.ts), from which state/model.ts builds Action, Modal and
// the state: no line elsewhere names its types.
declare module '../types.js' {
  interface WidgetTypeMap {
    help: HelpTypes;
  }
}
