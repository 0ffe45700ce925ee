// Every widget's own types, by name: what each adds to the root Action union, to the modal slot and to
// the root state (state/model.ts derives all three from this map). Types only, from each widget's
// leaf actions.ts, so the model imports no widget code and no module imports the model back.
//
// A new widget: its folder under tui/widgets/, one line here, and the compiler then asks for its line
// in models.ts (its reducers) and in registry.tsx (its keys and views). See docs/tui-architecture.md.
import type { BidTypes } from './bid/actions.js';
import type { CheckoutTypes } from './checkout/actions.js';
import type { FilterTypes } from './filter/actions.js';
import type { HelpTypes } from './help/actions.js';
import type { ListTypes } from './list/actions.js';
import type { MarketTypes } from './market/actions.js';
import type { NegotiateTypes } from './negotiate/actions.js';
import type { QuitTypes } from './quit/actions.js';

export interface WidgetTypeMap {
  quit: QuitTypes;
  help: HelpTypes;
  list: ListTypes;
  bid: BidTypes;
  negotiate: NegotiateTypes;
  checkout: CheckoutTypes;
  market: MarketTypes;
  filter: FilterTypes;
}

export type WidgetName = keyof WidgetTypeMap;

type Each = WidgetTypeMap[WidgetName];

/** From `A | B` to `A & B`: the widgets' slices side by side in the one state. */
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

export type WidgetAction = Each['action'];
export type WidgetModal = Each['modal'];
export type WidgetSlices = Intersection<Each['slice']>;
