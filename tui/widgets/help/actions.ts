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
