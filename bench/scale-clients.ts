// A worker of `npm run bench:scale` (forked, IPC): runs N client cores as spectators on one server, as
// idle TUIs would (WATCH, a full catalog listing, then the periodic Since_RQ repair), and reports their
// datagram counts on request. Several workers share the clients so no one process holds them all.
import { AuctionClient } from '../shared/client/auction-client.js';

interface Start {
  type: 'start';
  host: string;
  port: number;
  clients: number;
  catalogEveryMs: number;
  /** Clients started at once (the rest wait their turn), so the listings do not all start together. */
  concurrency: number;
  /** Open auctions on the floor: a client is ready once its catalog holds them all. */
  auctions: number;
}
type Command = Start | { type: 'count' } | { type: 'stop' };

const clients: AuctionClient[] = [];
const send = (m: unknown): void => void process.send?.(m);

async function start(m: Start): Promise<void> {
  const listingMs: number[] = [];
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < m.clients) {
      next++;
      const c = new AuctionClient({
        server: { host: m.host, port: m.port },
        watch: true,
        catalogEveryMs: m.catalogEveryMs,
      });
      clients.push(c);
      const t = performance.now();
      // Complete once a 'catalog' holds the whole floor: a listing cut short (the server silent through
      // a page's retries on a busy machine) is resumed by the client itself, as a TUI's would be.
      const listed = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('a client did not list the floor in 10 minutes')), 600_000);
        const on = (entries: unknown[]): void => {
          if (entries.length < m.auctions) return;
          clearTimeout(timer);
          c.off('catalog', on);
          resolve();
        };
        c.on('catalog', on);
      });
      await c.start();
      await listed;
      listingMs.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: Math.min(m.concurrency, m.clients) }, one));
  const sizes = clients.map((c) => c.catalogEntries.length);
  send({ type: 'ready', listingMs, minEntries: Math.min(...sizes), maxEntries: Math.max(...sizes) });
}

function count(): void {
  let sent = 0;
  let received = 0;
  for (const c of clients) {
    sent += c.datagrams.sent;
    received += c.datagrams.received;
  }
  send({ type: 'count', sent, received, clients: clients.length });
}

process.on('message', (m: Command) => {
  if (m.type === 'start') start(m).catch((e: Error) => send({ type: 'error', message: e.message }));
  else if (m.type === 'count') count();
  else if (m.type === 'stop') void Promise.all(clients.map((c) => c.close())).then(() => process.exit(0));
});
send({ type: 'hello' });
