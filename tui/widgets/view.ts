// The UI half of a widget, as the registry (registry.ts) holds it: when it has the keyboard, its keys
// hook, and the views it puts on screen. The layout (app.tsx) draws whatever the shown widget gives.
import type { ReactNode } from 'react';
import type { KeyHint } from '../components/footer.js';
import type { CheckoutFormView } from './checkout/use-checkout-keys.js';
import type { KeyHandler } from '../hooks/use-store.js';
import type { AuctionState } from '../state/model.js';
import type { RegisterDraft } from './register/draft.js';
import type { WidgetName } from './types.js';

/** What a widget's view is drawn from. */
export interface ViewProps {
  s: AuctionState;
  columns: number;
  /** Rows of the main area. */
  height: number;
  /** Rows of the main area and the event log together. */
  body: number;
  /** Rows of the event log. */
  logRows: number;
  /** Keys reach the widgets (draws cursors). */
  live: boolean;
  profilePath: string;
  checkoutForm: CheckoutFormView;
  registerForm: RegisterDraft;
}

export interface Widget<I extends WidgetName = WidgetName> {
  id: I;
  /** Has the keyboard: the first widget of WIDGETS whose `active` holds gets each key. */
  active(s: AuctionState): boolean;
  /** A plain `q` quits here (nothing to type into); the router asks first when that would lose something. */
  quitsOnQ?(s: AuctionState): boolean;
  /** The footer's hints: the keys that matter most right now. */
  hints(s: AuctionState): KeyHint[];
  /** Every key of this context, for the help overlay (defaults to the hints). */
  help?(s: AuctionState): KeyHint[];
  /** Covers the main area. */
  main?(p: ViewProps): ReactNode;
  /** Covers the main area and the event log. */
  body?(p: ViewProps): ReactNode;
  /** Takes the detail pane's place beside the table. */
  side?(p: ViewProps): ReactNode;
  /** The width it takes there (default: the detail pane's). */
  sideWidth?(columns: number): number;
  /** The prompt in the command bar. */
  bar?(p: ViewProps): ReactNode;
  /**
   * Takes the event log's place, whichever widget is shown (the results list, while `h` shows it); null
   * leaves the log. Asked of every widget, in registry order: the first view wins.
   */
  log?(p: ViewProps): ReactNode;
  /** A word for the event log's top border (the results: `h: results (3)`). Asked of every widget. */
  logAside?(s: AuctionState): string | null;
  /**
   * Its keys: called once per render, in registry order; the router gives it each key while `active`
   * holds. (The checkout pane's and the register form's keep drafts the views read: app.tsx calls those.)
   */
  useKeys?(): KeyHandler;
}

/** `active` for a widget that is a kind of the modal slot. */
export const modalIs =
  (kind: NonNullable<AuctionState['modal']>['kind']) =>
  (s: AuctionState): boolean =>
    s.modal?.kind === kind;
