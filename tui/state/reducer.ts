// The terminal's whole state as a pure reducer over protocol events and key presses. No React, no
// sockets, no Date.now(): the clock is the reducer's third argument, so countdowns are derived from
// close times and never decremented by hand.
//
// The root is one table of slice reducers. Each owns one field of the state, sees every action, and
// returns its new value and its notes ({ slice, notes }); it reads the rest of the state (as updated by
// the slices above it in the table) but never writes it. The root owns the event log and the status
// line, where the notes go (and the bell count, for notes worth a bell). Slices import the model, the
// helpers and the selectors, never this file.
import { AuctionMap } from './auction-map.js';
import { reduceAuctions, reduceCatalogLoading } from './auctions.js';
import { applyNotes, note, status } from './helpers.js';
import { reduceModal } from './modal.js';
import { WIDGET_MODELS } from '../widgets/models.js';
import type { WidgetSlices } from '../widgets/types.js';
import type { SliceReducer } from '../widgets/widget.js';
import type { Account, Action, AuctionState, Note } from './model.js';
import { DEFAULT_SETTINGS } from './model.js';
import { reduceAccount, reduceConnection, reduceServer } from './session.js';
import { INITIAL_INCREMENTS, reduceIncrements, reduceSettings } from './settings.js';
import { reduceSubscribing, reduceSubscriptions } from './table.js';

interface Step {
  key: keyof AuctionState;
  run(s: AuctionState, action: Action, now: number, notes: Note[]): AuctionState;
}

function slice<K extends keyof AuctionState>(key: K, reduce: SliceReducer<K>): Step {
  return {
    key,
    run(s, action, now, notes) {
      const r = reduce(s[key], action, now, s);
      notes.push(...r.notes);
      return r.slice === s[key] ? s : { ...s, [key]: r.slice };
    },
  };
}

/** The slices of the widgets, in the order of WIDGET_MODELS: before the modal slot, or after it (`late`). */
function widgetSteps(late: boolean): Step[] {
  return Object.values(WIDGET_MODELS)
    .filter((m) => (m.late ?? false) === late)
    .flatMap((m) =>
      Object.entries(m.slices).map(([key, reduce]) =>
        slice(key as keyof AuctionState, reduce as SliceReducer<keyof AuctionState>),
      ),
    );
}
const WIDGET_STEPS: readonly Step[] = widgetSteps(false);
const LATE_WIDGET_STEPS: readonly Step[] = widgetSteps(true);

/** The widgets' slices as at startup. */
function widgetSlices(): WidgetSlices {
  return Object.assign({}, ...Object.values(WIDGET_MODELS).map((m) => m.initial)) as WidgetSlices;
}

/**
 * In order: a slice lower in the table sees the ones above it already updated (the account before the
 * connection changes it; the price question after the auctions and the questions; the checkout pane
 * after the prompts, since it waits for them to close).
 */
const STEPS: readonly Step[] = [
  slice('settings', reduceSettings),
  slice('increments', reduceIncrements),
  slice('account', reduceAccount),
  slice('server', reduceServer),
  slice('connection', reduceConnection),
  slice('auctions', reduceAuctions),
  slice('catalogLoading', reduceCatalogLoading),
  slice('subscriptions', reduceSubscriptions),
  slice('subscribing', reduceSubscribing),
  // The widgets' slices (widgets/models.ts: the price questions, the filter, then the market's sort,
  // view and selection — which moves onto a row the new filter shows in the same step).
  ...WIDGET_STEPS,
  slice('modal', reduceModal),
  // The widgets' slices that wait for the prompts (the results, then the checkout pane, which shows
  // when they close).
  ...LATE_WIDGET_STEPS,
];

export interface InitialStateOptions {
  now: number;
  server: string;
  /** The servers of the house, `server` first (default: `server` alone). */
  servers?: string[];
  account: Account;
  subscriptions?: string[];
}

export function initialState({
  now,
  server,
  servers = [server],
  account,
  subscriptions = [],
}: InitialStateOptions): AuctionState {
  return {
    now,
    server,
    servers,
    account,
    connection: { state: 'connecting', rttMs: null, everOnline: false, since: now },
    auctions: AuctionMap.EMPTY,
    catalogLoading: null,
    subscriptions: subscriptions.map((s) => s.toLowerCase()),
    ...widgetSlices(),
    modal: null,
    settings: DEFAULT_SETTINGS,
    bells: 0,
    increments: INITIAL_INCREMENTS,
    status: null,
    log: [],
    nextLogId: 1,
    subscribing: [],
  };
}

export function reducer(state: AuctionState, action: Action, now: number): AuctionState {
  let s = state.now === now ? state : { ...state, now };
  const notes: Note[] = [];
  for (const step of STEPS) s = step.run(s, action, now, notes);
  // The root's own: notices from the client core and status lines asked for directly.
  if (action.type === 'notice') notes.push(note('warn', action.text));
  if (action.type === 'status') notes.push(status(action.tone, action.text));
  return applyNotes(s, notes, now);
}
