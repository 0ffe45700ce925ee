// Datagrams crossing the house over NATS (PROTOCOL.md §9), batched: every datagram a server forwards to
// the leader, and every reply or push the leader hands back to the server an address came through, was
// one NATS message of its own. Now those of one event-loop turn for one subject go as one message (a
// JSON array), at most MAX_PER_MESSAGE each, in the order they were queued. A receiver takes a batch or
// a single one (a server not yet restarted on this version sends single ones).

/** Datagrams per NATS message: 256 of at most 1,400 bytes (base64 ≈ 1.9 KB) stay well under NATS's 1 MB. */
export const MAX_PER_MESSAGE = 256;

export class ForwardBatcher<T> {
  private readonly queued = new Map<string, T[]>();
  private scheduled = false;

  constructor(private readonly publish: (subject: string, payload: string) => void) {}

  /** Queues `item` for `subject`; sent at the end of this turn (setImmediate), with the others for it. */
  add(subject: string, item: T): void {
    const q = this.queued.get(subject);
    if (q) q.push(item);
    else this.queued.set(subject, [item]);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Sends everything queued now. */
  flush(): void {
    this.scheduled = false;
    for (const [subject, items] of this.queued) {
      for (let i = 0; i < items.length; i += MAX_PER_MESSAGE) {
        const part = items.slice(i, i + MAX_PER_MESSAGE);
        this.publish(subject, JSON.stringify(part.length === 1 ? part[0] : part));
      }
    }
    this.queued.clear();
  }
}

/** The datagrams of one NATS message: a batch (an array) or a single one. */
export function unbatch<T>(payload: unknown): T[] {
  return Array.isArray(payload) ? (payload as T[]) : [payload as T];
}
