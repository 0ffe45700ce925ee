// The provider (store + commands into React), the key router and the layout:
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
// each event goes to the widget that has the keyboard at that moment — the first entry of the registry
// (tui/widgets/registry.ts) whose `active` holds, asked again for every event — so a chunk like
// "b13.50\r" opens the bid prompt, types the amount and sends it, exactly as if typed key by key.
import { Box, useInput } from 'ink';
import type { Key } from 'ink';
import { useCallback } from 'react';
import type { ReactNode } from 'react';
import type { Commands } from './commands.js';
import { AuctionTable, scrollOffset } from './components/auction-table.js';
import { CommandBar } from './components/command-bar.js';
import { DetailPane } from './components/detail-pane.js';
import { EventLog } from './components/event-log.js';
import { Footer } from './components/footer.js';
import { Header } from './components/header.js';
import { panelInnerHeight } from './components/panel.js';
import { ServerUnreachable } from './components/server-unreachable.js';
import { SmallTerminal } from './components/small-terminal.js';
import { ThemeContext } from './components/theme.js';
import { useAmountGuard } from './hooks/use-amount-guard.js';
import { useKeyboardAvailable } from './hooks/use-keyboard.js';
import { useQuitKey } from './hooks/use-quit-key.js';
import { useRawInput } from './hooks/use-raw-input.js';
import type { KeyHandler } from './hooks/use-store.js';
import { CommandsContext, StoreContext, useAuctionState, useCommands, useStore } from './hooks/use-store.js';
import { MIN_SIZE, useTerminalSize } from './hooks/use-terminal-size.js';
import { splitKeys } from './input/keys.js';
import { isMouseReport, parseMouse } from './input/mouse.js';
import type { MouseEvent } from './input/mouse.js';
import { detailWidth, layoutRows } from './layout.js';
import type { Action, AuctionState } from './state/model.js';
import { canBid, currentStatus, me, serverNeverAnswered } from './state/session-selectors.js';
import { checkoutBadge } from './widgets/checkout/selectors.js';
import { isSubscribed, openAuctionCount, selectedAuction, tableRows } from './state/table-selectors.js';
import { quitLoses } from './widgets/quit/selectors.js';
import type { AuctionStore } from './state/store.js';
import { useCheckoutForm } from './widgets/checkout/use-checkout-keys.js';
import { useRegisterForm } from './widgets/register/use-register-keys.js';
import { activeWidget, shownWidget, WIDGETS } from './widgets/registry.js';
import type { WidgetName } from './widgets/types.js';
import type { ViewProps } from './widgets/view.js';

/** The layout's sizes, for the render tests. */
export { detailWidth, layoutRows } from './layout.js';

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

/** Every widget's keys hook, called in registry order; the router picks one per key event. */
function useWidgetKeys(s: AuctionState) {
  const store = useStore();
  const commands = useCommands();
  const checkout = useCheckoutForm(s);
  const register = useRegisterForm();
  const handlers: Partial<Record<WidgetName, KeyHandler>> = { checkout: checkout.onKey, register: register.onKey };
  // The registry is a module constant: the same hooks, in the same order, on every render.
  for (const w of WIDGETS) if (w.useKeys) handlers[w.id] = w.useKeys();
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
        if (widget.id === 'quit') handlers.quit?.(ev);
        else if (ev.kind === 'char' && ev.char === 'q' && (small || widget.quitsOnQ?.(st))) requestQuit();
        else if (small) smallKeys(ev);
        else handlers[widget.id]?.(ev);
        amountGuard.after(ev, st, store.getSnapshot(), now);
      }
    },
    { isActive: keyboard },
  );

  if (small) return <SmallTerminal columns={columns} rows={rows} quit={s.quit?.reason ?? null} />;

  const { main, log } = layoutRows(rows);
  const widget = shownWidget(s);
  const keys = activeWidget(s);
  const view: ViewProps = {
    s,
    columns,
    height: main,
    body: main + log,
    logRows: log,
    live,
    profilePath,
    checkoutForm,
    registerForm,
  };
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
        servers={s.servers.length}
      />
      {mainArea}
      {body ? null : (logView(view) ?? <EventLog entries={s.log} width={columns} height={log} hint={logAside(s)} />)}
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

/** What a widget puts in the event log's place (the results list), if any: the first in registry order. */
function logView(p: ViewProps): ReactNode {
  for (const w of WIDGETS) {
    const view = w.log?.(p);
    if (view) return view;
  }
  return null;
}

/** The widgets' words for the event log's border. */
function logAside(s: AuctionState): string | undefined {
  return (
    WIDGETS.map((w) => w.logAside?.(s))
      .filter(Boolean)
      .join(' · ') || undefined
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
