// The state halves of the widgets of tui/widgets/, by name (the compiler asks for every widget that
// adds something to the state: StatefulWidget). The root reducer runs their slices, in this order,
// after the market's data and before the selection that follows the filter (the market's, last); the
// modal slot runs their modal owners first and, after every owner, their `follow`s.
import { BID_MODEL } from './bid/slice.js';
import { CHECKOUT_MODEL } from './checkout/slice.js';
import { FILTER_MODEL } from './filter/slice.js';
import { HELP_MODEL } from './help/slice.js';
import { LIST_MODEL } from './list/slice.js';
import { MARKET_MODEL } from './market/slice.js';
import { NEGOTIATE_MODEL } from './negotiate/slice.js';
import { QUIT_MODEL } from './quit/slice.js';
import { RESULTS_MODEL } from './results/slice.js';
import type { StatefulWidget, WidgetTypeMap } from './types.js';
import type { WidgetModel } from './widget.js';

export const WIDGET_MODELS: { readonly [N in StatefulWidget]: WidgetModel<WidgetTypeMap[N]> } = {
  quit: QUIT_MODEL,
  help: HELP_MODEL,
  list: LIST_MODEL,
  bid: BID_MODEL,
  negotiate: NEGOTIATE_MODEL,
  filter: FILTER_MODEL,
  results: RESULTS_MODEL,
  checkout: CHECKOUT_MODEL,
  market: MARKET_MODEL,
};
