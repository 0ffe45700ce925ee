// The quit question's own types: asked when quitting would lose something (a checkout waiting, a form
// half filled), over everything, the keyboard included. Types only, importing nothing of the state.

export type QuitAction =
  /** Quitting would lose something: ask first. */
  { type: 'quitAsk'; reason: string } | { type: 'quitCancel' };

/** Quitting would lose something: what, until the user says y (or Ctrl-C again) or anything else. */
export interface QuitQuestion {
  reason: string;
}

export interface QuitSlice {
  /** Asked before quitting (over everything else, the keyboard included). */
  quit: QuitQuestion | null;
}

export interface QuitTypes {
  action: QuitAction;
  modal: never;
  slice: QuitSlice;
}

// Its entry in the widgets' type map (widgets/types.ts), from which state/model.ts builds Action, Modal and
// the state: no line elsewhere names its types.
declare module '../types.js' {
  interface WidgetTypeMap {
    quit: QuitTypes;
  }
}
