// Snapshots of a house's document (PROTOCOL.md §9), so that opening a house does not replay its whole
// change stream and the stream can be purged. A snapshot lives in a second stream, `<stream>_SNAP`:
// the document's JSON in chunks (one message each, well under JetStream's 1 MB default), then one
// marker naming the chunks' sequences, the change-stream sequence S the document is as of, and where
// the reply memos still inside the window start. A reader takes the last marker only, so a snapshot
// whose writer died before its marker (half-written) is never read: the one before it still is.
import { StorageType } from '@nats-io/jetstream';
import { createHash } from 'node:crypto';
import { normalizeDoc, type DbDoc } from '../state/model.js';
import type { HouseStream } from './house-stream.js';

/** What a marker says: the document as of change-stream sequence `streamSeq` (change `lastSeq`). */
export interface SnapshotMarker {
  id: string;
  streamSeq: number;
  lastSeq: number;
  /** The first change-stream sequence whose batch may still hold a memo inside the reply window. */
  memoFrom: number;
  chunks: number[];
  bytes: number;
  /** Which server stored it (its store's `name`), for an operator or a test reading the stream. */
  by?: string;
  /** The SHA-256 of the document's JSON (base64url): a chunk read back that is not the one written is told. */
  sha256?: string;
}

/**
 * A snapshot whose chunks, read back, are not what its marker says (size, hash or JSON). Seen once under
 * chaos --cluster (nats-server 2.9.10, a NATS node killed every ~6 s): 7,317,868 bytes read of 7,841,987
 * written, one chunk's sequence holding a ~170-byte message (a marker's size) instead. The reader then
 * opens without it, from the change stream, which is whole unless purgeChanges is set.
 */
export class DamagedSnapshotError extends Error {}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('base64url');

export interface LoadedSnapshot {
  marker: SnapshotMarker;
  /** The marker's own sequence in the snapshot stream: what the next marker is fenced on. */
  markerSeq: number;
  doc: DbDoc;
}

const CHUNK_BYTES = 512 * 1024;

export const snapshotStream = (hs: HouseStream): string => `${hs.stream}_SNAP`;
const chunkSubject = (hs: HouseStream): string => `${hs.subject}.snap.chunk`;
const markerSubject = (hs: HouseStream): string => `${hs.subject}.snap.done`;

const isMissing = (e: unknown): boolean => /not found|no message/i.test((e as Error).message);

/** The houses whose snapshot stream this process has seen: asked for once, not at every snapshot. */
const ensured = new WeakSet<HouseStream>();

/** Makes the snapshot stream on first use, with the change stream's replicas (R3 on three nodes). */
async function ensureSnapshotStream(hs: HouseStream): Promise<void> {
  if (ensured.has(hs)) return;
  const name = snapshotStream(hs);
  try {
    await hs.jsm.streams.info(name);
    ensured.add(hs);
    return;
  } catch (e) {
    if (!isMissing(e)) throw e;
  }
  const replicas = (await hs.jsm.streams.info(hs.stream)).config.num_replicas;
  try {
    await hs.jsm.streams.add({
      name,
      subjects: [chunkSubject(hs), markerSubject(hs)],
      num_replicas: replicas,
      storage: StorageType.File,
    });
  } catch (e) {
    // Two writers for a moment (a takeover): the other one made it first.
    if (!/already in use|exists/i.test((e as Error).message)) throw e;
  }
  ensured.add(hs);
}

/** Where a stored snapshot is: its marker's sequence and its first chunk's. */
export interface StoredSnapshot {
  markerSeq: number;
  firstChunk: number;
}

/**
 * Stores `json` (the document as of `streamSeq`) and then its marker; then drops the snapshots before
 * the previous one (`keepFrom`, its first chunk; 0 when unknown: nothing is dropped). The previous one
 * stays whole, so a server that has just read its marker still finds its chunks (chaos found a server
 * starting while snapshots came every 16 KB dying on "chunk 465 is missing").
 * Returns where it is once stored; a failure part-way leaves the previous snapshot the latest.
 * The marker is fenced on the one before it (`after`, 0 for none): a stale writer caught mid-snapshot
 * by a takeover cannot put its older snapshot after the new writer's (it would point replicas at
 * changes the new writer purged); it is refused ("wrong last sequence") instead.
 */
export async function writeSnapshot(
  hs: HouseStream,
  json: string,
  at: Omit<SnapshotMarker, 'chunks' | 'bytes'>,
  after: number,
  keepFrom: number,
): Promise<StoredSnapshot> {
  await ensureSnapshotStream(hs);
  const data = Buffer.from(json);
  const chunks: number[] = [];
  for (let off = 0; off < data.length || chunks.length === 0; off += CHUNK_BYTES) {
    const ack = await hs.js.publish(chunkSubject(hs), data.subarray(off, off + CHUNK_BYTES), { timeout: 10_000 });
    chunks.push(ack.seq);
  }
  const marker: SnapshotMarker = { ...at, chunks, bytes: data.length, sha256: sha256(data) };
  const done = await hs.js.publish(markerSubject(hs), JSON.stringify(marker), {
    timeout: 10_000,
    expect: { lastSubjectSequence: after },
  });
  // Everything before the previous snapshot's first chunk is older still (or half-written).
  if (keepFrom > 0) await purgeBefore(hs, snapshotStream(hs), keepFrom);
  return { markerSeq: done.seq, firstChunk: Math.min(...chunks) };
}

/**
 * Purges the messages of `stream` before `seq`. Never with `seq` 1: nats-server 2.9 then purges the
 * whole stream (its PurgeEx treats a sequence of 0 and 1 alike), and there is nothing before 1 anyway.
 */
export async function purgeBefore(hs: HouseStream, stream: string, seq: number): Promise<number> {
  if (seq <= 1) return 0;
  return (await hs.jsm.streams.purge(stream, { seq })).purged;
}

/** A marker as read back: the snapshot it names and the marker's own sequence. */
export interface LatestMarker {
  seq: number;
  marker: SnapshotMarker;
}

/** The latest marker and its sequence, or null for none: what a writer's next marker is fenced on. */
export async function latestMarker(hs: HouseStream): Promise<LatestMarker | null> {
  try {
    const m = await hs.jsm.streams.getMessage(snapshotStream(hs), { last_by_subj: markerSubject(hs) });
    return m ? { seq: m.seq, marker: m.json<SnapshotMarker>() } : null;
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

/**
 * A snapshot's chunk was purged while it was read: two newer snapshots were stored meanwhile. Damaged if
 * it stays so for 5 reads: the reader then opens from the change stream.
 */
class ChunkGone extends DamagedSnapshotError {}

/**
 * The latest complete snapshot, or null when the house has none yet. Read again from the new latest
 * marker when a chunk went while reading (snapshots coming faster than one is read).
 */
export async function loadLatestSnapshot(hs: HouseStream): Promise<LoadedSnapshot | null> {
  for (let tries = 1; ; tries++) {
    try {
      return await loadLatestOnce(hs);
    } catch (e) {
      if (!(e instanceof ChunkGone) || tries >= 5) throw e;
    }
  }
}

async function loadLatestOnce(hs: HouseStream): Promise<LoadedSnapshot | null> {
  const name = snapshotStream(hs);
  let last;
  try {
    last = await hs.jsm.streams.getMessage(name, { last_by_subj: markerSubject(hs) });
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
  if (!last) return null;
  const marker = last.json<SnapshotMarker>();
  const parts: Uint8Array[] = [];
  for (const seq of marker.chunks) {
    const m = await hs.jsm.streams.getMessage(name, { seq }).catch((e: Error) => {
      if (isMissing(e)) return null;
      throw e;
    });
    if (!m) throw new ChunkGone(`house snapshot ${marker.id}: chunk ${seq} is missing`);
    parts.push(m.data);
  }
  const data = Buffer.concat(parts);
  if (data.length === 0 || data.length !== marker.bytes) {
    throw new DamagedSnapshotError(`house snapshot ${marker.id}: ${data.length} bytes read, ${marker.bytes} written`);
  }
  if (marker.sha256 !== undefined && sha256(data) !== marker.sha256) {
    throw new DamagedSnapshotError(`house snapshot ${marker.id}: what was read is not what was written (SHA-256)`);
  }
  let doc: DbDoc;
  try {
    doc = normalizeDoc(JSON.parse(data.toString('utf8')) as DbDoc);
  } catch (e) {
    throw new DamagedSnapshotError(`house snapshot ${marker.id}: ${(e as Error).message}`);
  }
  return { marker, markerSeq: last.seq, doc };
}
