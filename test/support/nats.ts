// Jest's side of the NATS helper (scripts/lib/nats-cluster.ts): a suite of the house of several servers
// (PROTOCOL.md §9) runs only where nats-server is — skipped with a warning on a person's machine, failed
// on CI, where a runner without it is broken (.ci/run installs it), as the e2e tier does with tmux.
import { onCi } from '../../scripts/lib/tmux.js';
import { hasNatsServer, startNatsCluster, type NatsCluster } from '../../scripts/lib/nats-cluster.js';
import { connectHouse, type HouseConnection } from '../../server/cluster/house-nats.js';
import { JetStreamStore, type JetStreamStoreOptions } from '../../server/store/jetstream-store.js';

export * from '../../scripts/lib/nats-cluster.js';

export function describeWithNats(suite: string): jest.Describe {
  if (hasNatsServer()) return describe;
  if (onCi()) {
    throw new Error(
      `${suite}: nats-server is missing on CI (CI=${process.env.CI}); .ci/run installs it (apt-get install -y nats-server)`,
    );
  }
  console.warn(
    `${suite}: SKIPPED — nats-server is missing (apt-get install -y nats-server); this suite needs real nodes.`,
  );
  return describe.skip;
}

/**
 * The stores of houses on one real nats-server cluster for a test file: `start()` in beforeAll,
 * `stop()` in afterAll (closes every connection made, then the nodes). `defaults` go to every store.
 */
export function houseStores(nodes: number, defaults: JetStreamStoreOptions = {}) {
  let cluster: NatsCluster | undefined;
  const conns: HouseConnection[] = [];
  const connect = async (house: string): Promise<HouseConnection> => {
    const c = await connectHouse(cluster!.urls.split(','), house);
    conns.push(c);
    return c;
  };
  const open = async (house: string, opts: JetStreamStoreOptions = {}): Promise<JetStreamStore> =>
    JetStreamStore.open((await connect(house)).stream, { ...defaults, ...opts });
  return {
    start: async (): Promise<void> => {
      cluster = await startNatsCluster(nodes);
    },
    stop: async (): Promise<void> => {
      for (const c of conns) await c.close();
      await cluster?.stop();
    },
    connect,
    open,
    /** A store that leads its house. */
    writer: async (house: string, opts: JetStreamStoreOptions = {}): Promise<JetStreamStore> => {
      const s = await open(house, opts);
      await s.lead();
      return s;
    },
  };
}
