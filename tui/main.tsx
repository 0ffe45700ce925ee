// Entry point of `auction` / `npm start -- [options]` (flags: tui/cli-args.ts).
// Flags, profile, the client core, the alternate screen, and the Ink render.
// React and Ink are imported only inside main(), after NODE_ENV is settled: React's development
// build checks every render and costs about a third of the frame time under load.
import { nanoid } from 'nanoid';
import { AuctionClient } from '../shared/client/auction-client.js';
import type { Identity } from '../shared/client/types.js';
import { commandLine, fatal, usageError } from '../shared/cli/index.js';
import { formatServer, TUI_CLI } from './cli-args.js';
import { bridgeClient } from './client-bridge.js';
import { createCommands } from './commands.js';
import type { Profile, ProfileAccount } from './profile.js';
import {
  defaultProfilePath,
  findAccount,
  loadProfile,
  ProfileError,
  saveProfile,
  withAccount,
  withAddress,
  withSubscriptions,
} from './profile.js';
import type { Account } from './state/model.js';
import { initialState } from './state/reducer.js';
import { AuctionStore } from './state/store.js';
import { ScreenWriter } from './screen-writer.js';
import { enterFullScreen, ringBells } from './terminal.js';
import { noColorRequested } from './no-color.js';

/** Secrets: nanoid's alphabet is [A-Za-z0-9_-], and 32 characters fit the protocol's 16-64. */
const newSecret = (): string => nanoid(32);

/** Exit 2 with the CLI layer's one error style; `usage` adds the hint to --help. */
function fail(message: string, code: number, usage = false): never {
  return usage ? usageError(TUI_CLI, message) : fatal(TUI_CLI.program, message, code);
}

async function main(): Promise<void> {
  process.env.NODE_ENV ??= 'production';
  const opts = commandLine(TUI_CLI);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    fail('needs an interactive terminal (stdin and stdout must be a TTY)', 2);
  }

  const profilePath = opts.profile ?? defaultProfilePath();
  let profile: Profile;
  try {
    profile = loadProfile(profilePath);
  } catch (err) {
    if (err instanceof ProfileError) fail(err.message, 2);
    throw err;
  }
  const servers = opts.servers.map(formatServer);
  // The profile keeps subscriptions per server; a house's are kept under its whole list (one server: HOST:PORT).
  const serverKey = servers.join(',');
  const save = (next: Profile) => {
    profile = next;
    try {
      saveProfile(profilePath, next);
    } catch (err) {
      store.dispatch({ type: 'notice', text: `Could not save the profile ${profilePath}: ${(err as Error).message}` });
    }
  };

  // Who are we: spectator, a named account (from the profile, or new with a fresh secret), the profile's last account,
  // or nobody yet.
  let identity: ProfileAccount | undefined;
  let account: Account;
  if (opts.spectate) {
    account = { kind: 'spectator' };
  } else if (opts.user) {
    identity = findAccount(profile, opts.user);
    if (!identity) {
      if (!opts.role) {
        fail(`${opts.user} is not in ${profilePath}: add --role buyer|seller to create the account`, 2, true);
      }
      identity = { name: opts.user, role: opts.role, secret: newSecret() };
    }
    account = { kind: 'account', name: identity.name, role: identity.role, loggedIn: false, error: null };
  } else {
    identity = profile.last ? findAccount(profile, profile.last) : undefined;
    account = identity
      ? { kind: 'account', name: identity.name, role: identity.role, loggedIn: false, error: null }
      : { kind: 'unregistered', pending: false, error: null };
  }

  const subscriptions = identity?.subscriptions?.[serverKey] ?? [];
  const store = new AuctionStore(
    initialState({
      now: Date.now(),
      server: servers[0],
      servers,
      account,
      subscriptions,
    }),
  );
  // Keep a new account's secret before it is ever sent.
  if (identity) save(withAccount(profile, identity));
  // Checkout pane: the server's answer deadline if the user knows it, and the address given last time.
  store.dispatch({ type: 'checkoutConfig', informTimeoutS: opts.informTimeoutS, address: identity?.address ?? null });
  // Confirmation thresholds and bells (--confirm-ratio, --confirm-above, --no-confirm, --no-bell).
  store.dispatch({
    type: 'settings',
    settings: {
      confirmRatio: opts.confirmRatio,
      confirmAboveCents: opts.confirmAboveCents,
      confirm: opts.confirm,
      bell: opts.bell,
    },
  });

  const client = new AuctionClient({
    server: opts.servers, // several: the servers of one house, moved between when one stops answering
    subscriptions, // subscribed to again on the next server after a move
    identity: identity ? { name: identity.name, role: identity.role, secret: identity.secret } : undefined,
    register: true, // a profile account unknown to this server (new db) is registered with its secret
    watch: true, // every public event, so the table is live for every auction, not only subscribed ones
    // Notice a silent server within ~12 s rather than ~30 s: a repairing CATALOG every 5 s, 4 tries
    // (0.5 + 1 + 2 + 4 s) before a request counts as unanswered.
    catalogEveryMs: 5000,
    retryTries: 4,
    // A dead server shows as unreachable within 2.5 s (issue 19.6): a probe after 1 s of silence.
    heartbeatMs: 1000,
    increments: opts.increments, // --increments, when the user knows the server's; otherwise learned
  });
  store.dispatch({ type: 'increments', increments: client.increments });
  const unbridge = bridgeClient(client, store);
  // Alerts ring the terminal bell: outbid, a watched or leading auction's last minute, a checkout (--no-bell: none).
  const unring = ringBells(store, () => process.stdout.write('\x07'));
  // The server tells the account's true role at LOGIN: keep the profile in step.
  client.on('session', ({ name, role }) => {
    const known = findAccount(profile, name);
    if (known && known.role !== role) save(withAccount(profile, { ...known, role }));
  });
  try {
    await client.start();
  } catch (err) {
    fail(`cannot open the local UDP/TCP sockets: ${(err as Error).message}`, 1);
  }
  void client.ready().then((outcome) => {
    if (!outcome.ok && !outcome.timeout) store.dispatch({ type: 'loginFailed', reason: outcome.reason });
  });

  let quit = () => {};
  const commands = createCommands({
    client,
    store,
    newSecret,
    onRegistered: (id: Identity) => save(withAccount(profile, id)),
    onSubscriptions: (items) => {
      const s = store.getSnapshot();
      if (s.account.kind === 'account') save(withSubscriptions(profile, s.account.name, serverKey, items));
    },
    onCheckoutAddress: (address) => {
      const s = store.getSnapshot();
      if (s.account.kind !== 'account') return;
      save(withAddress(profile, s.account.name, address));
      store.dispatch({ type: 'checkoutConfig', address });
    },
    quit: () => quit(),
  });

  const [{ render }, { createElement }, { App }] = await Promise.all([
    import('ink'),
    import('react'),
    import('./app.js'),
  ]);
  const screen = enterFullScreen();
  // Stray console output would scribble over the screen: it goes to the event log instead.
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    console[level] = (...parts: unknown[]) => store.dispatch({ type: 'notice', text: parts.map(String).join(' ') });
  }
  store.startClock();
  // Ink renders whole frames (debug mode) into the ScreenWriter, which repaints only changed lines.
  // Frames are paced by the store: network updates at most 20 a second, key presses at once.
  // NO_COLOR: no colour codes at all (the writer filters every frame); reverse video marks what colour did.
  const color = !noColorRequested(process.env);
  const writer = new ScreenWriter(process.stdout, { colors: color });
  // Ctrl-C is the app's: it asks first when quitting would lose something (a checkout waiting, a form typed).
  const app = render(createElement(App, { store, commands, profilePath, color }), {
    stdout: writer as unknown as NodeJS.WriteStream,
    stdin: process.stdin,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  quit = () => app.unmount();

  try {
    await app.waitUntilExit();
  } finally {
    store.stop();
    unring();
    unbridge();
    writer.dispose();
    screen.restore();
    await client.close();
  }
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`${TUI_CLI.program}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
