// The provider (store + commands into React) and the layout:
//
//   header ─────────────────────────────────────────────── clock
//   ╭ Auctions ───────────────────────────╮╭ item ──────────────╮
//   │ table                               ││ detail pane         │   ← main area: the modal slot
//   ╰─────────────────────────────────────╯╰─────────────────────╯     (help, register form, later:
//   ╭ Event log ────────────────────────────────────────────────╮       list form, negotiation,
//   ╰────────────────────────────────────────────────────────────╯       checkout) covers it
//   command bar (bid / filter prompt, last result)
//   footer (key hints)
import { Box } from 'ink';
import type { ReactNode } from 'react';
import type { Commands } from './commands.js';
import { AuctionTable } from './components/auction-table.js';
import { BidInput } from './components/bid-input.js';
import { CommandBar } from './components/command-bar.js';
import { DetailPane } from './components/detail-pane.js';
import { EventLog } from './components/event-log.js';
import { FilterInput } from './components/filter-input.js';
import { Footer } from './components/footer.js';
import type { KeyHint } from './components/footer.js';
import { Header } from './components/header.js';
import { CheckoutPane } from './components/checkout-pane.js';
import { HelpOverlay } from './components/help-overlay.js';
import { ListingForm } from './components/listing-form.js';
import { NegotiationPrompt } from './components/negotiation-prompt.js';
import { ResultsPanel } from './components/results-panel.js';
import { RegisterForm } from './components/register-form.js';
import { ServerUnreachable } from './components/server-unreachable.js';
import { SmallTerminal } from './components/small-terminal.js';
import { useBidInput } from './hooks/use-bid-input.js';
import { useCheckoutForm } from './hooks/use-checkout-form.js';
import { useFilterInput } from './hooks/use-filter-input.js';
import { useHelpOverlay } from './hooks/use-help-overlay.js';
import { useKeyboardAvailable } from './hooks/use-keyboard.js';
import { useListingForm } from './hooks/use-listing-form.js';
import { useNegotiationPrompt } from './hooks/use-negotiation-prompt.js';
import { useMarketKeys } from './hooks/use-market-keys.js';
import { useQuitKey } from './hooks/use-quit-key.js';
import { useRegisterForm } from './hooks/use-register-form.js';
import { CommandsContext, StoreContext, useAuctionState } from './hooks/use-store.js';
import { MIN_SIZE, useTerminalSize } from './hooks/use-terminal-size.js';
import { checkListing, openItemKeys } from './state/listing.js';
import { negotiationClosesAt, waitingNegotiations } from './state/negotiation.js';
import {
  checkoutBadge,
  checkoutOnScreen,
  current as currentCheckout,
  isFinished,
  needsAnswer,
  queued,
} from './state/checkout.js';
import type { AuctionState } from './state/reducer.js';
import {
  canBid,
  currentStatus,
  isSubscribed,
  me,
  minimumBid,
  openAuctionCount,
  secondsUntil,
  selectedAuction,
  serverNeverAnswered,
  visibleAuctions,
} from './state/selectors.js';
import type { AuctionStore } from './state/store.js';

export interface AppProps {
  store: AuctionStore;
  commands: Commands;
  /** Where the profile (with the secret) lives; the register form says so. */
  profilePath?: string;
}

export function App({ store, commands, profilePath = 'the profile file' }: AppProps) {
  return (
    <StoreContext.Provider value={store}>
      <CommandsContext.Provider value={commands}>
        <Screen profilePath={profilePath} />
      </CommandsContext.Provider>
    </StoreContext.Provider>
  );
}

/** Keys that work right now, for the footer and the help overlay. */
export function keyHints(s: AuctionState): KeyHint[] {
  switch (s.modal?.kind) {
    case 'bid':
      return [
        ['⏎', 'send bid'],
        ['Esc', 'cancel'],
      ];
    case 'filter':
      return [
        ['⏎', 'keep filter'],
        ['Esc', 'clear filter'],
      ];
    case 'help':
      return [
        ['? Esc', 'close help'],
        ['Ctrl-C', 'quit'],
      ];
    case 'list':
      return [
        ['⏎', 'list item'],
        ['Tab ⇧Tab', 'next/prev field'],
        ['Esc', 'cancel'],
      ];
    case 'negotiate':
      return [
        ['⏎', 'lower price'],
        ['r', 'keep price'],
        ['Esc', 'answer later'],
      ];
    default:
  }
  if (checkoutOnScreen(s)) return checkoutKeys(s);
  if (s.account.kind === 'unregistered')
    return [
      ['⏎', 'register'],
      ['Tab', 'next field'],
      ['Ctrl-C', 'quit'],
    ];
  return marketKeys(s);
}

function marketKeys(s: AuctionState): KeyHint[] {
  const hints: KeyHint[] = [['↑↓ jk', 'select']];
  if (s.account.kind === 'account' && s.account.role === 'buyer') hints.push(['b ⏎', 'bid'], ['+', 'bid minimum']);
  if (s.account.kind === 'account' && s.account.role === 'seller') {
    hints.push(['l', 'list item']);
    if (waitingNegotiations(s).length > 0) hints.push(['n', 'price question']);
  }
  if (s.account.kind === 'account') hints.push(['s', 'subscribe']);
  hints.push(['h', s.results.shown ? 'event log' : 'results']);
  if (currentCheckout(s.checkout)) hints.push(['c', 'checkout']);
  hints.push(['/', 'filter'], ['?', 'help'], ['q', 'quit']);
  return hints;
}

function checkoutKeys(s: AuctionState): KeyHint[] {
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

/** Row heights of the layout for a terminal height (one row is left free so Ink never scrolls the screen). */
export function layoutRows(rows: number): { main: number; log: number } {
  const body = rows - 1 - 3; // header, command bar, footer
  const log = Math.max(5, Math.min(12, Math.floor(body * 0.3)));
  return { main: body - log, log };
}

export function detailWidth(columns: number): number {
  if (columns >= 140) return 52;
  if (columns >= 110) return 44;
  if (columns >= 96) return 38;
  return 30;
}

function Screen({ profilePath }: { profilePath: string }) {
  const s = useAuctionState();
  const { columns, rows } = useTerminalSize();
  const keyboard = useKeyboardAvailable();
  const small = columns < MIN_SIZE.columns || rows < MIN_SIZE.rows;
  const registering = s.account.kind === 'unregistered';
  const live = keyboard && !small;

  // One input hook per widget; exactly one is active at a time.
  const paneUp = checkoutOnScreen(s);
  useMarketKeys({ isActive: live && !registering && s.modal === null && !paneUp });
  const checkoutForm = useCheckoutForm({ isActive: live && paneUp });
  useBidInput({ isActive: live && s.modal?.kind === 'bid' });
  const filterKeys = useFilterInput({ isActive: live && s.modal?.kind === 'filter' });
  useHelpOverlay({ isActive: live && s.modal?.kind === 'help' });
  useListingForm({ isActive: live && s.modal?.kind === 'list' });
  const negotiationKeys = useNegotiationPrompt({
    isActive: live && s.modal?.kind === 'negotiate',
    promptId: s.modal?.kind === 'negotiate' ? `${s.modal.item}@${s.modal.openedAt}` : null,
  });
  const form = useRegisterForm({ isActive: live && registering && s.modal === null });
  useQuitKey({ isActive: keyboard && small });

  if (small) return <SmallTerminal columns={columns} rows={rows} />;

  const { main, log } = layoutRows(rows);
  const rowsShown = visibleAuctions(s);
  const selected = selectedAuction(s);
  const myName = me(s);
  const stale = s.connection.state === 'offline';

  let mainArea: ReactNode;
  if (s.modal?.kind === 'help') {
    mainArea = (
      <HelpOverlay
        keys={marketKeys(s)}
        spectator={s.account.kind === 'spectator'}
        seller={s.account.kind === 'account' && s.account.role === 'seller'}
        width={columns}
        height={main}
      />
    );
  } else if (s.modal?.kind === 'list') {
    mainArea = (
      <ListingForm
        modal={s.modal}
        errors={checkListing(s.modal.draft, openItemKeys(s)).errors}
        seller={myName ?? ''}
        now={s.now}
        focus={live}
        width={columns}
        height={main}
      />
    );
  } else if (paneUp) {
    const e = currentCheckout(s.checkout)!;
    mainArea = (
      <CheckoutPane
        checkout={e}
        form={checkoutForm}
        now={s.now}
        queued={queued(s.checkout)}
        informTimeoutS={s.checkout.informTimeoutS}
        timeoutKnown={s.checkout.timeoutKnown}
        focus={live}
        width={columns}
        height={main}
      />
    );
  } else if (s.account.kind === 'unregistered') {
    mainArea = (
      <RegisterForm
        server={s.server}
        profilePath={profilePath}
        name={form.name}
        role={form.role}
        field={form.field}
        pending={s.account.pending}
        error={form.localError ?? s.account.error}
        focus={live}
        serverHint={
          serverNeverAnswered(s)
            ? `No server answers at ${s.server} yet. Start one with: npm run server -- --udp-port ${s.server.slice(s.server.lastIndexOf(':') + 1)}`
            : null
        }
        onNameChange={form.onNameChange}
        onSubmit={form.onSubmit}
        width={columns}
        height={main}
      />
    );
  } else if (serverNeverAnswered(s)) {
    mainArea = <ServerUnreachable server={s.server} since={s.connection.since} width={columns} height={main} />;
  } else {
    const dw = detailWidth(columns);
    mainArea = (
      <Box flexDirection="row" height={main}>
        <AuctionTable
          rows={rowsShown}
          selectedKey={selected?.key ?? null}
          now={s.now}
          me={myName}
          subscriptions={s.subscriptions}
          subscribing={s.subscribing}
          filter={s.filter}
          width={columns - dw}
          height={main}
          active={s.modal === null}
          emptyText={emptyText(s)}
          stale={stale}
        />
        {s.modal?.kind === 'negotiate' ? (
          <NegotiationPromptSlot s={s} armed={negotiationKeys.armed} focus={live} width={dw} height={main} />
        ) : (
          <DetailPane
            auction={selected}
            now={s.now}
            me={myName}
            subscribed={!!selected && isSubscribed(s, selected)}
            canBid={s.account.kind === 'account' && s.account.role === 'buyer'}
            width={dw}
            height={main}
          />
        )}
      </Box>
    );
  }

  let prompt: ReactNode = null;
  if (s.modal?.kind === 'bid') {
    const a = s.auctions[s.modal.item.toLowerCase()];
    prompt = <BidInput modal={s.modal} minimum={a ? minimumBid(a) : 0} focus={live} />;
  } else if (s.modal?.kind === 'filter') {
    prompt = (
      <FilterInput
        draft={s.modal.draft}
        matches={rowsShown.length}
        focus={live}
        onChange={filterKeys.onChange}
        onSubmit={filterKeys.onSubmit}
      />
    );
  }

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
      {s.results.shown ? (
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
        <CommandBar prompt={prompt} status={currentStatus(s)} idle={idleText(s)} />
      </Box>
      <Footer hints={keyHints(s)} note={footerNote(s)} width={columns} />
    </Box>
  );
}

/** The price question in the detail pane's place (seller mode); wider when the pane is narrow. */
function NegotiationPromptSlot({
  s,
  armed,
  focus,
  width,
  height,
}: {
  s: AuctionState;
  armed: boolean;
  focus: boolean;
  width: number;
  height: number;
}) {
  if (s.modal?.kind !== 'negotiate') return null;
  const a = s.auctions[s.modal.item.toLowerCase()];
  const closesAt = negotiationClosesAt(s, s.modal.item);
  return (
    <NegotiationPrompt
      modal={s.modal}
      price={a?.currentPrice ?? s.modal.price}
      closesAt={closesAt}
      secondsLeft={closesAt === null ? null : secondsUntil(closesAt, s.now)}
      waiting={waitingNegotiations(s).length}
      armed={armed}
      focus={focus}
      width={width}
      height={height}
    />
  );
}

function emptyText(s: AuctionState): string {
  if (s.filter) return `Nothing matches "${s.filter}" (Esc clears the filter)`;
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
  if (s.account.kind === 'account' && !s.account.loggedIn) return 'Logging in…';
  if (canBid(s)) return 'Select an auction and press b to bid, + to bid the minimum at once.';
  return 'Select an auction to see its details.';
}

function footerNote(s: AuctionState): string {
  const open = openAuctionCount(s);
  const subs = s.subscriptions.length;
  return `${open} open${subs ? ` · ${subs} subscribed` : ''}`;
}
