// The provider (store + commands into React), the widget table, the key router and the layout:
//
//   header ─────────────────────────────────────────────── clock
//   ╭ Auctions ───────────────────────────╮╭ item ──────────────╮
//   │ table                               ││ detail pane         │   ← main area: the widget's view
//   ╰─────────────────────────────────────╯╰─────────────────────╯     (help, register form, listing
//   ╭ Event log ────────────────────────────────────────────────╮       form, checkout pane) covers it;
//   ╰────────────────────────────────────────────────────────────╯       the price question takes the
//   command bar (bid / filter prompt, last result)                          detail pane's place
//   footer (key hints)
//
// Keys: one useInput for the whole app. Each callback is split into key events (tui/input/keys.ts) and
// each event goes to the widget that has the keyboard at that moment — the first entry of WIDGETS
// whose `active` holds, asked again for every event — so a chunk like "b13.50\r" opens the bid
// prompt, types the amount and sends it, exactly as if typed key by key.
import { Box, Text, useInput } from 'ink';
import type { Key } from 'ink';
import { useCallback } from 'react';
import type { ReactNode } from 'react';
import type { Commands } from './commands.js';
import { AuctionTable, scrollOffset } from './components/auction-table.js';
import { panelInnerHeight } from './components/panel.js';
import { BidInput } from './components/bid-input.js';
import { CheckoutPane } from './components/checkout-pane.js';
import { CommandBar } from './components/command-bar.js';
import { DetailPane } from './components/detail-pane.js';
import { EventLog } from './components/event-log.js';
import { FilterInput } from './components/filter-input.js';
import { Footer } from './components/footer.js';
import type { KeyHint } from './components/footer.js';
import { Header } from './components/header.js';
import { HelpOverlay } from './components/help-overlay.js';
import { ListingForm } from './components/listing-form.js';
import { NegotiationPrompt } from './components/negotiation-prompt.js';
import { RegisterForm } from './components/register-form.js';
import { ResultsPanel } from './components/results-panel.js';
import { ServerUnreachable } from './components/server-unreachable.js';
import { SmallTerminal } from './components/small-terminal.js';
import { ThemeContext } from './components/theme.js';
import { useAmountGuard } from './hooks/use-amount-guard.js';
import { useBidInput } from './hooks/use-bid-input.js';
import type { CheckoutFormView } from './hooks/use-checkout-form.js';
import { useCheckoutForm } from './hooks/use-checkout-form.js';
import { useFilterInput } from './hooks/use-filter-input.js';
import { isMouseReport, parseMouse } from './input/mouse.js';
import type { MouseEvent } from './input/mouse.js';
import { useHelpOverlay } from './hooks/use-help-overlay.js';
import { useKeyboardAvailable } from './hooks/use-keyboard.js';
import { useListingForm } from './hooks/use-listing-form.js';
import { useMarketKeys } from './hooks/use-market-keys.js';
import { useNegotiationPrompt } from './hooks/use-negotiation-prompt.js';
import { useQuitKey } from './hooks/use-quit-key.js';
import { useRawInput } from './hooks/use-raw-input.js';
import { useRegisterForm } from './hooks/use-register-form.js';
import type { KeyHandler } from './hooks/use-store.js';
import { CommandsContext, StoreContext, useAuctionState, useCommands, useStore } from './hooks/use-store.js';
import { MIN_SIZE, useTerminalSize } from './hooks/use-terminal-size.js';
import { splitKeys } from './input/keys.js';
import type { RegisterDraft } from './widgets/register/draft.js';
import { commandLine } from './invocation.js';
import { checkListing } from './state/listing.js';
import type { Action, AuctionState } from './state/model.js';
import {
  canBid,
  checkoutBadge,
  checkoutOnScreen,
  current as currentCheckout,
  currentStatus,
  isFinished,
  isSubscribed,
  me,
  incrementsText,
  minimumBid,
  negotiationArmed,
  negotiationClosesAt,
  needsAnswer,
  openAuctionCount,
  openItemKeys,
  queued,
  quitLoses,
  SORT_LABEL,
  secondsUntil,
  selectedAuction,
  serverNeverAnswered,
  tableRows,
  waitingNegotiations,
} from './state/selectors.js';
import type { AuctionStore } from './state/store.js';

export interface AppProps {
  store: AuctionStore;
  commands: Commands;
  /** Where the profile (with the secret) lives; the register form says so. */
  profilePath?: string;
  /** False under NO_COLOR: what colour marked is marked with reverse video. */
  color?: boolean;
}

export function App({ store, commands, profilePath = 'the profile file', color = true }: AppProps) {
  return (
    <StoreContext.Provider value={store}>
      <CommandsContext.Provider value={commands}>
        <ThemeContext.Provider value={{ color }}>
          <Screen profilePath={profilePath} />
        </ThemeContext.Provider>
      </CommandsContext.Provider>
    </StoreContext.Provider>
  );
}

// ---- the widget table ------------------------------------------------------------------------------

/** What a widget's view is drawn from. */
interface ViewProps {
  s: AuctionState;
  columns: number;
  /** Rows of the main area. */
  height: number;
  /** Rows of the main area and the event log together. */
  body: number;
  /** Keys reach the widgets (draws cursors). */
  live: boolean;
  profilePath: string;
  checkoutForm: CheckoutFormView;
  registerForm: RegisterDraft;
}

type WidgetId = 'quit' | 'help' | 'list' | 'bid' | 'filter' | 'negotiate' | 'checkout' | 'register' | 'market';

interface Widget {
  id: WidgetId;
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
}

const modalIs = (kind: NonNullable<AuctionState['modal']>['kind']) => (s: AuctionState) => s.modal?.kind === kind;

const WIDGETS: readonly Widget[] = [
  {
    // Over everything, the keyboard included: quitting would lose something.
    id: 'quit',
    active: (s) => s.quit !== null,
    hints: () => [
      ['y', 'quit anyway'],
      ['any other key', 'stay'],
    ],
    bar: ({ s }) => (s.quit ? <QuitQuestion reason={s.quit.reason} /> : null),
  },
  {
    id: 'help',
    active: modalIs('help'),
    hints: () => [
      ['? Esc', 'close help'],
      ['Ctrl-C', 'quit'],
    ],
    // The help takes the whole body (the event log too), so every key fits at 80×24.
    body: ({ s, columns, body }) => (
      <HelpOverlay
        keys={marketHelp(s)}
        notes={helpNotes(s)}
        spectator={s.account.kind === 'spectator'}
        seller={s.account.kind === 'account' && s.account.role === 'seller'}
        width={columns}
        height={body}
      />
    ),
  },
  {
    id: 'list',
    active: modalIs('list'),
    hints: () => [
      ['⏎', 'list item'],
      ['Tab ⇧Tab', 'next/prev field'],
      ['Esc', 'cancel'],
    ],
    main: ({ s, columns, height, live }) =>
      s.modal?.kind === 'list' ? (
        <ListingForm
          modal={s.modal}
          errors={checkListing(s.modal.draft, openItemKeys(s)).errors}
          seller={me(s) ?? ''}
          now={s.now}
          focus={live}
          width={columns}
          height={height}
        />
      ) : null,
  },
  {
    id: 'bid',
    active: modalIs('bid'),
    hints: (s) =>
      s.modal?.kind === 'bid' && s.modal.confirm?.ownLead
        ? [
            ['y', 'raise your own bid'],
            ['any other key', 'keep it'],
          ]
        : s.modal?.kind === 'bid' && s.modal.confirm
          ? [
              ['y', 'send it'],
              ['n Esc', 'change it'],
            ]
          : [
              ['⏎', s.modal?.kind === 'bid' && s.modal.mode === 'max' ? 'set maximum' : 'send bid'],
              ['Esc', 'cancel'],
            ],
    bar: ({ s, live }) => {
      if (s.modal?.kind !== 'bid') return null;
      const a = s.auctions.get(s.modal.item.toLowerCase());
      return (
        <BidInput
          modal={s.modal}
          minimum={a ? minimumBid(a, s.increments.policy) : 0}
          increment={a ? incrementsText(s, a.currentPrice, true) : undefined}
          focus={live}
        />
      );
    },
  },
  {
    id: 'filter',
    active: modalIs('filter'),
    hints: () => [
      ['⏎', 'keep filter'],
      ['Tab', 'names / descriptions'],
      ['Esc', 'clear filter'],
    ],
    bar: ({ s, live }) =>
      s.modal?.kind === 'filter' ? (
        <FilterInput draft={s.modal.draft} matches={tableRows(s).length} focus={live} />
      ) : null,
  },
  {
    id: 'negotiate',
    active: modalIs('negotiate'),
    hints: () => [
      ['⏎', 'lower price'],
      ['r', 'keep price'],
      ['Esc', 'answer later'],
    ],
    side: ({ s, live, height, columns }) => {
      if (s.modal?.kind !== 'negotiate') return null;
      const a = s.auctions.get(s.modal.item.toLowerCase());
      const closesAt = negotiationClosesAt(s, s.modal.item);
      return (
        <NegotiationPrompt
          modal={s.modal}
          price={a?.currentPrice ?? s.modal.price}
          closesAt={closesAt}
          secondsLeft={closesAt === null ? null : secondsUntil(closesAt, s.now)}
          waiting={waitingNegotiations(s).length}
          armed={negotiationArmed(s)}
          focus={live}
          width={Math.max(PROMPT_MIN_WIDTH, detailWidth(columns))}
          height={height}
        />
      );
    },
    sideWidth: (columns) => Math.max(PROMPT_MIN_WIDTH, detailWidth(columns)),
  },
  {
    id: 'checkout',
    active: checkoutOnScreen,
    quitsOnQ: (s) => {
      const e = currentCheckout(s.checkout);
      return !!e && isFinished(e) && !(e.phase === 'unsold' && e.relist.state === 'asking');
    },
    hints: checkoutHints,
    main: ({ s, columns, height, live, checkoutForm }) => {
      const e = currentCheckout(s.checkout);
      if (!e) return null;
      return (
        <CheckoutPane
          checkout={e}
          form={checkoutForm}
          now={s.now}
          queued={queued(s.checkout)}
          informTimeoutS={s.checkout.informTimeoutS}
          timeoutKnown={s.checkout.timeoutKnown}
          focus={live}
          width={columns}
          height={height}
        />
      );
    },
  },
  {
    id: 'register',
    active: (s) => s.account.kind === 'unregistered' && s.modal === null,
    hints: () => [
      ['⏎', 'register'],
      ['Tab', 'next field'],
      ['Ctrl-C', 'quit'],
    ],
    main: ({ s, columns, height, live, profilePath, registerForm: form }) => (
      <RegisterForm
        server={s.server}
        profilePath={profilePath}
        name={form.name}
        role={form.role}
        field={form.field}
        pending={s.account.kind === 'unregistered' && s.account.pending}
        error={form.localError ?? (s.account.kind === 'unregistered' ? s.account.error : null)}
        focus={live}
        serverHint={
          serverNeverAnswered(s)
            ? `No server answers at ${s.server} yet. Start one with: ${commandLine('server', `--udp-port ${s.server.slice(s.server.lastIndexOf(':') + 1)}`)}`
            : null
        }
        width={columns}
        height={height}
      />
    ),
  },
  {
    id: 'market',
    active: (s) => s.modal === null,
    quitsOnQ: () => true,
    hints: marketHints,
    help: marketHelp,
  },
];

/** The widget with the keyboard in this state. */
export function activeWidget(s: AuctionState): Widget {
  return WIDGETS.find((w) => w.active(s)) ?? WIDGETS[WIDGETS.length - 1];
}

/** The widget whose views fill the screen: the one with the keyboard, or the one under the quit question. */
function shownWidget(s: AuctionState): Widget {
  return WIDGETS.find((w) => w.id !== 'quit' && w.active(s)) ?? WIDGETS[WIDGETS.length - 1];
}

/** Keys that work right now, for the footer. */
export function keyHints(s: AuctionState): KeyHint[] {
  return activeWidget(s).hints(s);
}

/** The footer's market keys, most useful first; the footer drops from the end but keeps the marked ones. */
function marketHints(s: AuctionState): KeyHint[] {
  const hints: KeyHint[] = [['↑↓ jk', 'select']];
  const account = s.account.kind === 'account' ? s.account : null;
  if (account?.moved) hints.push(['L', 'log in here', true]);
  if (account?.role === 'buyer') hints.push(['b ⏎', 'bid'], ['+', 'bid minimum'], ['m', 'maximum']);
  if (account?.role === 'seller') {
    hints.push(['l', 'list item']);
    if (waitingNegotiations(s).length > 0) hints.push(['n', 'price question', true]);
  }
  if (currentCheckout(s.checkout)) hints.push(['c', 'checkout', true]);
  if (account) hints.push(['s', 'subscribe']);
  if (s.filter) hints.push(['n N', 'next/prev match', true]);
  hints.push(['o', `sort: ${SORT_LABEL[s.sort]}`], ['O', 'reverse'], ['1-4', 'views']);
  hints.push(['h', s.results.shown ? 'event log' : 'results']);
  hints.push(['/', 'filter'], ['?', 'help', true], ['q', 'quit', true]);
  return hints;
}

/** Every key of the market, for the help overlay (labels short enough for its column at 80×24). */
function marketHelp(s: AuctionState): KeyHint[] {
  const buyer = s.account.kind === 'account' && s.account.role === 'buyer';
  const seller = s.account.kind === 'account' && s.account.role === 'seller';
  const keys: KeyHint[] = [
    ['↑↓ jk', 'select an auction'],
    ['PgUp PgDn', 'a page up / down'],
    ['g G', 'first / last auction'],
  ];
  if (buyer)
    keys.push(['b ⏎', 'bid (amount prefilled)'], ['+', 'bid minimum at once'], ['m', 'maximum: auto-bid up to it']);
  if (seller) keys.push(['l', 'list an item'], ['n', 'answer a price question']);
  if (s.account.kind === 'account') keys.push(['s', 'subscribe ★ / unsubscribe']);
  keys.push(['o O', 'sort: end/price/bids/name, reverse']);
  keys.push(['1 2 3 4', 'all · ★ · my bids · wins']);
  keys.push(['/', 'filter by name (Tab: descriptions)'], ['n N', 'next / previous match'], ['Esc', 'clear the filter']);
  keys.push(['h', 'results / event log'], ['c', 'the checkout waiting']);
  if (s.account.kind === 'account') keys.push(['L', 'log in here again']);
  keys.push(['?', 'this help'], ['q Ctrl-C', 'quit (asks if work waits)']);
  return keys;
}

/** The help's paragraphs: maximum bids (buyers) and the increments in force. */
function helpNotes(s: AuctionState): string[] {
  const notes: string[] = [];
  if (s.account.kind === 'account' && s.account.role === 'buyer')
    notes.push(
      'Maximum bid (m): the most you will pay. The server bids for you, just enough to lead; nobody sees it; you pay the price, not the maximum.',
    );
  notes.push(`Increment: ${incrementsText(s)}.`);
  return notes;
}

function checkoutHints(s: AuctionState): KeyHint[] {
  const e = currentCheckout(s.checkout);
  if (e && needsAnswer(e))
    return [
      ['⏎', 'send details'],
      ['Tab ↑↓', 'next field'],
      ['Esc', 'minimize'],
    ];
  if (e?.phase === 'unsold' && e.relist.state === 'asking')
    return [
      ['⏎', 'relist'],
      ['Tab ↑↓', 'next field'],
      ['Esc', 'close'],
    ];
  if (e?.phase === 'unsold' && (e.relist.state === 'idle' || e.relist.state === 'failed'))
    return [
      ['r', 'relist'],
      ['⏎ Esc', 'close'],
      ['q', 'quit'],
    ];
  if (e && isFinished(e))
    return [
      ['⏎ Esc', 'close'],
      ['q', 'quit'],
    ];
  return [['Esc', 'minimize']];
}

// ---- layout --------------------------------------------------------------------------------------

/** Row heights of the layout for a terminal height (one row is left free so Ink never scrolls the screen). */
export function layoutRows(rows: number): { main: number; log: number } {
  const body = rows - 1 - 3; // header, command bar, footer
  const log = Math.max(5, Math.min(12, Math.floor(body * 0.3)));
  return { main: body - log, log };
}

/** The detail pane's width: narrow at 80 columns, so the table keeps every column (the high bidder too). */
export function detailWidth(columns: number): number {
  if (columns >= 140) return 52;
  if (columns >= 110) return 44;
  if (columns >= 96) return 38;
  if (columns >= 88) return 30;
  return 24;
}

/**
 * What a click or the wheel does on the market (issue 19.10): a left click on a row of the table
 * selects it, the wheel moves the selection three rows. Only on the market with no prompt open, so a
 * click never moves the auction a bid prompt is about. The table's body starts on the fourth screen
 * row (header, the panel's title, the column names).
 */
export function mouseAction(ev: MouseEvent, s: AuctionState, columns: number, rows: number): Action | null {
  if (ev.kind === 'wheel') return { type: 'select', delta: ev.delta * 3 };
  if (ev.kind !== 'press' || ev.button !== 0 || ev.x > columns - detailWidth(columns)) return null;
  const list = tableRows(s);
  const bodyRows = Math.max(1, panelInnerHeight(layoutRows(rows).main) - 1);
  const index = ev.y - 4;
  if (index < 0 || index >= bodyRows) return null;
  const selected = selectedAuction(s);
  const offset = scrollOffset(selected ? list.indexOf(selected) : -1, list.length, bodyRows);
  const a = list[offset + index];
  return a ? { type: 'selectItem', item: a.item } : null;
}

/** The price question needs a little more room than the detail pane at 80 columns. */
const PROMPT_MIN_WIDTH = 30;

/** The quit question's keys: y quits, anything else stays. */
function useQuitQuestion(): KeyHandler {
  const store = useStore();
  const commands = useCommands();
  return useCallback(
    (ev) => {
      if (ev.kind === 'char' && (ev.char === 'y' || ev.char === 'Y')) return commands.quit();
      store.dispatch({ type: 'quitCancel' });
    },
    [store, commands],
  );
}

/** Every widget's keys hook, called in a fixed order; the router picks one per key event. */
function useWidgetKeys(s: AuctionState) {
  const store = useStore();
  const commands = useCommands();
  const checkout = useCheckoutForm(s);
  const register = useRegisterForm();
  const handlers: Record<WidgetId, KeyHandler> = {
    quit: useQuitQuestion(),
    help: useHelpOverlay(),
    list: useListingForm(),
    bid: useBidInput(),
    filter: useFilterInput(),
    negotiate: useNegotiationPrompt(),
    checkout: checkout.onKey,
    register: register.onKey,
    market: useMarketKeys(),
  };
  const smallKeys = useQuitKey();
  const { dirty: registerDirty } = register;
  /** q / Ctrl-C: quit now, or ask first when that would lose something (the question takes the next key). */
  const requestQuit = useCallback(() => {
    const st = store.getSnapshot();
    // A checkout waiting (its drafts included) is the store's to say; the register form's draft is its own.
    const loses =
      quitLoses(st) ??
      (st.account.kind === 'unregistered' && registerDirty() ? 'the account is not registered yet' : null);
    if (loses) store.dispatch({ type: 'quitAsk', reason: loses });
    else commands.quit();
  }, [store, commands, registerDirty]);
  return { handlers, smallKeys, requestQuit, checkoutForm: checkout.view, registerForm: register.view };
}

function Screen({ profilePath }: { profilePath: string }) {
  const store = useStore();
  const commands = useCommands();
  const s = useAuctionState();
  const { columns, rows } = useTerminalSize();
  const keyboard = useKeyboardAvailable();
  const small = columns < MIN_SIZE.columns || rows < MIN_SIZE.rows;
  const live = keyboard && !small;
  const { handlers, smallKeys, requestQuit, checkoutForm, registerForm } = useWidgetKeys(s);
  const rawInput = useRawInput(keyboard);
  const amountGuard = useAmountGuard();

  useInput(
    (input: string, key: Key) => {
      const raw = rawInput();
      // A mouse report is never keys (read as keys it would be an Esc and some characters).
      if (isMouseReport(raw)) {
        const mouse = parseMouse(raw);
        const st = store.getSnapshot();
        if (mouse && !small && activeWidget(st).id === 'market' && !serverNeverAnswered(st)) {
          const action = mouseAction(mouse, st, columns, rows);
          if (action) store.dispatch(action);
        }
        return;
      }
      for (const ev of splitKeys(input, key, raw)) {
        // Each event goes to the widget that has the keyboard now: an earlier one may have changed it.
        const st = store.getSnapshot();
        if (ev.kind === 'ctrl' && ev.char === 'c') {
          // Ctrl-C twice quits whatever is waiting: the way out that always works.
          if (st.quit) commands.quit();
          else requestQuit();
          continue;
        }
        const widget = activeWidget(st);
        const now = Date.now();
        if (widget.id === 'market' && !small && amountGuard.drops(ev, st, now)) continue;
        if (widget.id === 'quit') handlers.quit(ev);
        else if (ev.kind === 'char' && ev.char === 'q' && (small || widget.quitsOnQ?.(st))) requestQuit();
        else if (small) smallKeys(ev);
        else handlers[widget.id](ev);
        amountGuard.after(ev, st, store.getSnapshot(), now);
      }
    },
    { isActive: keyboard },
  );

  if (small) return <SmallTerminal columns={columns} rows={rows} quit={s.quit?.reason ?? null} />;

  const { main, log } = layoutRows(rows);
  const widget = shownWidget(s);
  const keys = activeWidget(s);
  const view: ViewProps = { s, columns, height: main, body: main + log, live, profilePath, checkoutForm, registerForm };
  const myName = me(s);
  const body = widget.body?.(view);
  const side = widget.side?.(view) ?? null;
  const mainArea = body ?? widget.main?.(view) ?? (
    <Market p={view} side={side} sideWidth={side ? (widget.sideWidth?.(columns) ?? null) : null} />
  );

  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <Header
        server={s.server}
        account={s.account}
        connection={s.connection}
        now={s.now}
        width={columns}
        badge={checkoutBadge(s)}
      />
      {mainArea}
      {body ? null : s.results.shown ? (
        <ResultsPanel results={s.results.entries} me={myName} width={columns} height={log} />
      ) : (
        <EventLog
          entries={s.log}
          width={columns}
          height={log}
          hint={`h: results${s.results.entries.length ? ` (${s.results.entries.length})` : ''}`}
        />
      )}
      <Box height={1} width={columns} flexShrink={0}>
        <CommandBar
          prompt={keys.bar?.(view) ?? widget.bar?.(view) ?? null}
          status={currentStatus(s)}
          idle={idleText(s)}
        />
      </Box>
      <Footer hints={keys.hints(s)} note={footerNote(s)} width={columns} />
    </Box>
  );
}

/** Asked before quitting would lose something: in the command bar, over everything. */
function QuitQuestion({ reason }: { reason: string }) {
  return (
    <Text wrap="truncate">
      <Text bold inverse>
        {' QUIT? '}
      </Text>
      <Text bold color="yellow">{` ${reason[0].toUpperCase()}${reason.slice(1)} · `}</Text>
      <Text>y quit · any other key stays</Text>
    </Text>
  );
}

/** The market: the table, and beside it the detail pane (or the price question in its place). */
function Market({ p, side, sideWidth }: { p: ViewProps; side: ReactNode; sideWidth: number | null }) {
  const { s, columns, height } = p;
  if (serverNeverAnswered(s))
    return <ServerUnreachable server={s.server} since={s.connection.since} width={columns} height={height} />;
  const dw = sideWidth ?? detailWidth(columns);
  const selected = selectedAuction(s);
  const myName = me(s);
  return (
    <Box flexDirection="row" height={height}>
      <AuctionTable
        rows={tableRows(s)}
        selectedKey={selected?.key ?? null}
        now={s.now}
        me={myName}
        subscriptions={s.subscriptions}
        subscribing={s.subscribing}
        filter={s.filter}
        sort={s.sort}
        view={s.view}
        width={columns - dw}
        height={height}
        active={s.modal === null}
        emptyText={emptyText(s)}
        stale={s.connection.state === 'offline'}
        loading={s.catalogLoading && loadingText(s.catalogLoading)}
      />
      {side ?? (
        <DetailPane
          auction={selected}
          now={s.now}
          me={myName}
          subscribed={!!selected && isSubscribed(s, selected)}
          canBid={s.account.kind === 'account' && s.account.role === 'buyer'}
          policy={s.increments.policy}
          width={dw}
          height={height}
        />
      )}
    </Box>
  );
}

function emptyText(s: AuctionState): string {
  if (s.filter) return `Nothing matches "${s.filter}" (Esc clears the filter)`;
  if (s.view === 'watch') return 'Nothing on your watchlist: s subscribes (★) to the selected auction. 1 shows all.';
  if (s.view === 'mine') return 'You have not bid on anything here yet. 1 shows all auctions.';
  if (s.view === 'won') return 'Nothing won yet. 1 shows all auctions.';
  if (s.catalogLoading) return `Loading the catalog: ${loadingText(s.catalogLoading)} auctions…`;
  if (s.connection.state === 'connecting' && !s.connection.everOnline) return `Connecting to ${s.server}…`;
  return 'No open auctions right now. New listings appear here as they open.';
}

function idleText(s: AuctionState): string {
  if (s.connection.state === 'offline' && s.connection.everOnline) {
    return 'Server unreachable: showing the last known state, retrying every 2 s.';
  }
  if (s.connection.state === 'connecting') return `Connecting to ${s.server}…`;
  if (s.account.kind === 'spectator') return 'Watching live: listings, bids and closes appear as they happen.';
  if (s.account.kind === 'account' && s.account.error) {
    return `Login as ${s.account.name} denied: ${s.account.error}. Watching only; start with --user OTHER_NAME to use another account.`;
  }
  if (s.account.kind === 'account' && s.account.moved)
    return `${s.account.name} logged in from another terminal: this one only watches. Press L to take the session back here.`;
  if (s.account.kind === 'account' && !s.account.loggedIn) return 'Logging in…';
  if (canBid(s)) return 'Select an auction and press b to bid, + to bid the minimum at once.';
  return 'Select an auction to see its details.';
}

/** `3,200 of 10,000`. */
function loadingText(l: { received: number; total: number }): string {
  return `${l.received.toLocaleString('en-US')} of ${l.total.toLocaleString('en-US')}`;
}

function footerNote(s: AuctionState): string {
  const subs = s.subscriptions.length;
  const what = s.catalogLoading ? `loading ${loadingText(s.catalogLoading)}` : `${openAuctionCount(s)} open`;
  return `${what}${subs ? ` · ${subs} subscribed` : ''}`;
}
