// An in-process server on 127.0.0.1:0 with its db in a fresh temp dir (faster than a child process).
import path from 'node:path';
import { ServerEventBus, startServer, type RunningServer, type ServerOptions } from '../../server/server.js';
import { EventLog } from './events.js';
import { tempDir } from './server-process.js';
import { UdpPeer } from './udp-peer.js';

export interface TestServer {
  server: RunningServer;
  /** Every server event since the start (events.ts). */
  events: EventLog;
  dir: string;
  dbPath: string;
  peers: UdpPeer[];
  peer(): Promise<UdpPeer>;
  close(): Promise<void>;
}

export async function testServer(opts: ServerOptions = {}): Promise<TestServer> {
  const { dir, cleanup } = tempDir();
  const dbPath = path.join(dir, 'db.json');
  const bus = new ServerEventBus();
  const events = EventLog.of(bus); // from before the start: what the server does at start is seen too
  const server = await startServer({ host: '127.0.0.1', udpPort: 0, dbPath, stdoutLog: false, events: bus, ...opts });
  const peers: UdpPeer[] = [];
  return {
    server,
    events,
    dir,
    dbPath,
    peers,
    async peer() {
      const p = await UdpPeer.open(server);
      peers.push(p);
      return p;
    },
    async close() {
      for (const p of peers) p.close();
      await server.stop();
      cleanup();
    },
  };
}
