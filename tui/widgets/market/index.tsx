// The market: the table and the detail pane, with the keyboard whenever no prompt is open (the last
// widget of the registry). Its view is the layout's main area itself (app.tsx's Market:
// components/auction-table.tsx, components/detail-pane.tsx).
import type { Widget } from '../view.js';
import { marketHelp, marketHints } from './hints.js';
import { useMarketKeys } from './use-market-keys.js';

export const MARKET_WIDGET: Widget<'market'> = {
  id: 'market',
  useKeys: useMarketKeys,
  active: (s) => s.modal === null,
  quitsOnQ: () => true,
  hints: marketHints,
  help: marketHelp,
};
