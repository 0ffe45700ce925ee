// Where a house keeps its changes: the stream and the subject its batches go to. Its own module so the
// store (jetstream-store.ts) and its snapshots (house-snapshot.ts) both name it and neither imports the
// other back.
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';

export interface HouseStream {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  subject: string;
}
