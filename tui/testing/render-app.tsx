// Renders the whole App with ink-testing-library around a real store, real commands and a FakeClient.
import { render } from 'ink-testing-library';
import { App } from '../app.js';
import { bridgeClient } from '../client-bridge.js';
import { createCommands } from '../commands.js';
import type { Account } from '../state/model.js';
import { initialState } from '../state/reducer.js';
import { AuctionStore } from '../state/store.js';
import { FakeClient } from './fake-client.js';
import { waitForFrame } from './frames.js';
import { buyerAccount, T0 } from './state.js';

export { buyerAccount, sellerAccount, T0 } from './state.js';

export interface RenderAppOptions {
  account?: Account;
  columns?: number;
  rows?: number;
  /** --server's list (default one: 127.0.0.1:5000). */
  servers?: string[];
}

export function renderApp({
  account = buyerAccount(),
  columns = 120,
  rows = 40,
  servers = ['127.0.0.1:5000'],
}: RenderAppOptions = {}) {
  let now = T0;
  const store = new AuctionStore(initialState({ now, server: servers[0], servers, account }), {
    now: () => now,
    frameMs: 0,
  });
  const client = new FakeClient();
  bridgeClient(client, store);
  let quits = 0;
  const commands = createCommands({ client, store, newSecret: () => 'S'.repeat(32), quit: () => quits++ });
  const r = render(<App store={store} commands={commands} profilePath="/tmp/profile.json" />);
  const resize = (c: number, h: number) => {
    Object.defineProperty(r.stdout, 'columns', { value: c, configurable: true });
    Object.defineProperty(r.stdout, 'rows', { value: h, configurable: true });
    r.stdout.emit('resize');
  };
  resize(columns, rows);
  return {
    ...r,
    store,
    client,
    resize,
    quits: () => quits,
    /** Terminal bells asked for (a checkout opened, outbid, a last minute). */
    bells: () => store.getSnapshot().bells,
    /** Moves the store's clock (and renders a tick). */
    setNow(ms: number) {
      now = ms;
      store.dispatch({ type: 'tick' });
    },
    online() {
      client.emit('connection', { state: 'online', rttMs: 0.4 });
    },
  };
}

export type RenderedApp = ReturnType<typeof renderApp>;

/** Writes one key (or a typed chunk) and waits until Ink has rendered a frame after it. */
export async function press(app: RenderedApp, key: string): Promise<void> {
  const before = app.frames.length;
  app.stdin.write(key);
  await waitForFrame(
    () => String(app.frames.length),
    (n) => Number(n) > before,
    `a frame after ${JSON.stringify(key)}`,
  );
  // Let React run the effects of that render (input handlers re-subscribe there) before the next key.
  await new Promise((resolve) => setImmediate(resolve));
}
