// The registry of widgets: one array, in priority order. It decides the key routing — each key goes to
// the first widget whose `active` holds, asked again for every key event — and which widget's views
// fill the screen. The widgets' types (each actions.ts adds its own to types.ts) build the root Action
// and state (state/model.ts); their reducers (models.ts) the root reducer. A widget missing here is a
// compile error below.
import type { AuctionState } from '../state/model.js';
import type { KeyHint } from '../components/footer.js';
import { BID_WIDGET } from './bid/index.js';
import { FILTER_WIDGET } from './filter/index.js';
import { HELP_WIDGET } from './help/index.js';
import { CHECKOUT_WIDGET } from './checkout/index.js';
import { MARKET_WIDGET } from './market/index.js';
import { LIST_WIDGET } from './list/index.js';
import { NEGOTIATE_WIDGET } from './negotiate/index.js';
import { QUIT_WIDGET } from './quit/index.js';
import { REGISTER_WIDGET } from './register/index.js';
import { RESULTS_WIDGET } from './results/index.js';
import type { WidgetName } from './types.js';
import type { Widget } from './view.js';

/** First the quit question (over everything), then the prompts, the panes, and the market last. */
export const WIDGETS = [
  QUIT_WIDGET,
  HELP_WIDGET,
  LIST_WIDGET,
  BID_WIDGET,
  FILTER_WIDGET,
  NEGOTIATE_WIDGET,
  CHECKOUT_WIDGET,
  REGISTER_WIDGET,
  // Never has the keyboard (the market's `h` toggles it): it only draws in the event log's place.
  RESULTS_WIDGET,
  MARKET_WIDGET,
] as const satisfies readonly Widget[];

/** A widget (its actions.ts adds it to WidgetTypeMap) with no descriptor here: its name, as a type error. */
type Missing = Exclude<WidgetName, (typeof WIDGETS)[number]['id']>;
const _EVERY_WIDGET: [Missing] extends [never] ? true : Missing = true;

/** The widget with the keyboard in this state. */
export function activeWidget(s: AuctionState): Widget {
  return WIDGETS.find((w) => w.active(s)) ?? WIDGETS[WIDGETS.length - 1];
}

/** The widget whose views fill the screen: the one with the keyboard, or the one under the quit question. */
export function shownWidget(s: AuctionState): Widget {
  return WIDGETS.find((w) => w.id !== 'quit' && w.active(s)) ?? WIDGETS[WIDGETS.length - 1];
}

/** Keys that work right now, for the footer. */
export function keyHints(s: AuctionState): KeyHint[] {
  return activeWidget(s).hints(s);
}
