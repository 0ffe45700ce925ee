// Secrets (PROTOCOL.md §2): stored only as salted scrypt hashes, compared in constant time.
//
// scrypt runs on libuv's thread pool (4 threads), which the change log's O_DSYNC writes also use, and
// every reply waits for its change's write: 64 wrong-secret LOGINs in flight once filled the pool and
// raised an honest bidder's BID→reply median from 1.6 ms to 1.8 s. So secret checks go through one
// bounded checker that runs at most SECRET_CONCURRENCY of them at a time: the pool always has threads
// free for the log, and a flood of checks waits here (or is refused) instead of in front of everyone
// else's writes (§5: "checking a secret never delays the replies and pushes of other clients").
//
// Fair shares (issue 20.3): one first-come queue of 128 let one loopback attacker keep it full, and 2
// of 30 honest LOGINs got through in 30 s. Each source (an IPv4 address, an IPv6 /64) now has its own
// short queue, and the checker takes one check from each waiting source in turn, so an honest LOGIN
// waits for at most one check per other busy source, however many the attacker sent.
//
// Under 200 wrong LOGINs in flight from one address the honest LOGIN never waited here (the attacker
// runs one check at a time), yet its check ran 2–5× longer: the refusals for want of room were each
// answered at once, and each answer invited the next (refusal-answers.ts). And a source the account is
// bound at or logged in from before takes turns with all other sources as a class: the owner's check
// is the next one started however many addresses an attacker uses (half the checks at most, so a
// forged known source cannot starve strangers either).
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { sourceKey } from './limits.js';

const KEYLEN = 32;
/** Secret checks running at once (each holds one pool thread and ~16 MB for ~50–100 ms)… */
export const SECRET_CONCURRENCY = 2;
/** …of which one source runs at most this many: one busy source always leaves a check free for the others. */
export const SECRET_RUNNING_PER_SOURCE = 1;
/**
 * Checks waiting in all, and per source: beyond these a check is refused at once (SecretQueueFull). The
 * turns, not these bounds, keep a source's share fair; they bound memory and how long a source's own
 * checks may wait (64 × ~75 ms ≈ 5 s).
 */
export const SECRET_QUEUE_MAX = 256;
export const SECRET_QUEUE_PER_SOURCE = 64;
/** Sources whose last turn is remembered after their queue emptied (oldest out first). */
const SERVED_MEMORY = 4096;

/** The checker has no room for this check: the request is refused, nothing was checked or changed. */
export class SecretQueueFull extends Error {
  constructor() {
    super('Server busy checking secrets; try again in a few seconds');
  }
}

interface Job {
  start: (done: () => void) => void;
  refuse: () => void;
}

interface Source {
  key: string;
  /** A source the account is bound at or logged in from before (LOGIN), which takes turns as a class. */
  known: boolean;
  jobs: Job[];
  running: number;
  /** When it last had a turn (a count of turns): the source that had one longest ago goes next. */
  servedAt: number;
}

class SecretQueue {
  private running = 0;
  private waiting = 0;
  private turns = 0;
  /** Sources with checks waiting or running. */
  private sources = new Map<string, Source>();
  /** The last turn of sources that have nothing waiting, so leaving and coming back does not jump the line. */
  private lastTurn = new Map<string, number>();
  /** Checks refused for want of room, the most that ever waited, checks started (for tests and tools). */
  refused = 0;
  maxWaiting = 0;
  started = 0;
  /** Whether the last check started was a known source's: the other class goes next if it waits. */
  private lastKnown = false;
  /** Told of every check as it is queued, refused, started or done (tests count the order of checks). */
  trace?: (event: 'queued' | 'refused' | 'started' | 'done', source: string) => void;

  /** `known`: see Source.known. */
  run<T>(work: () => Promise<T>, source: string, known = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const key = (known ? 'known ' : '') + sourceKey(source);
      const job: Job = {
        start: (done) => {
          this.started++;
          this.trace?.('started', source);
          work().then(resolve, reject).finally(done);
        },
        refuse: () => {
          this.refused++;
          this.trace?.('refused', source);
          reject(new SecretQueueFull());
        },
      };
      // A newcomer ranks as if its turn had come just before the latest one: ahead of the source just
      // served, behind those waiting longer (so a stream of fresh addresses cannot jump the line).
      const servedAt = this.lastTurn.get(key) ?? this.turns - 0.5;
      const s = this.sources.get(key) ?? { key, known, jobs: [], running: 0, servedAt };
      if (s.jobs.length >= SECRET_QUEUE_PER_SOURCE) return job.refuse();
      // Full: the newest check of the source with the most waiting makes room, if that source has more
      // than this one would (so an attacker with many addresses cannot keep a newcomer out).
      if (this.waiting >= SECRET_QUEUE_MAX && !this.evictFor(s.jobs.length)) return job.refuse();
      s.jobs.push(job);
      this.waiting++;
      this.maxWaiting = Math.max(this.maxWaiting, this.waiting);
      this.sources.set(key, s);
      this.trace?.('queued', source);
      this.pump();
    });
  }

  private evictFor(have: number): boolean {
    let longest: Source | undefined;
    for (const s of this.sources.values()) if (!longest || s.jobs.length > longest.jobs.length) longest = s;
    if (!longest || longest.jobs.length <= have + 1) return false;
    longest.jobs.pop()!.refuse();
    this.waiting--;
    this.settle(longest);
    return true;
  }

  /**
   * Start checks while there is room: each time the waiting source whose last turn is the oldest, of
   * the class (known sources, others) that did not have the last turn if both have checks waiting.
   * While a known source has a check waiting or running, one check runs at a time: two scrypts at
   * once each took 2–3× as long as one alone on the 2-core machine (they share memory bandwidth), so
   * the owner's check waits for the one running to end and then runs alone.
   */
  private pump(): void {
    for (;;) {
      const pick: [Source | undefined, Source | undefined] = [undefined, undefined]; // [others, known]
      let knownBusy = false;
      for (const s of this.sources.values()) {
        knownBusy ||= s.known;
        const best = pick[+s.known];
        if (s.jobs.length > 0 && s.running < SECRET_RUNNING_PER_SOURCE && (!best || s.servedAt < best.servedAt))
          pick[+s.known] = s;
      }
      if (this.running >= (knownBusy ? 1 : SECRET_CONCURRENCY)) return;
      const s = this.lastKnown ? (pick[0] ?? pick[1]) : (pick[1] ?? pick[0]);
      if (!s) return;
      this.lastKnown = s.known;
      const job = s.jobs.shift()!;
      this.waiting--;
      this.running++;
      s.running++;
      s.servedAt = ++this.turns;
      job.start(() => {
        this.trace?.('done', s.key.replace(/^known /, ''));
        this.running--;
        s.running--;
        this.settle(s);
        this.pump();
      });
    }
  }

  /** A source with nothing waiting or running leaves the table; its last turn is remembered. */
  private settle(s: Source): void {
    if (s.jobs.length > 0 || s.running > 0) return;
    this.sources.delete(s.key);
    this.lastTurn.delete(s.key);
    this.lastTurn.set(s.key, s.servedAt);
    if (this.lastTurn.size > SERVED_MEMORY) this.lastTurn.delete(this.lastTurn.keys().next().value as string);
  }

  get pending(): number {
    return this.running + this.waiting;
  }
}

/** One queue per process: the thread pool it protects is per process too. */
export const secretChecks = new SecretQueue();

/** `source`: the IP the request came from; it gets its fair share of the checker (see SecretQueue). */
function scryptAsync(secret: string, salt: Buffer, source: string, known = false): Promise<Buffer> {
  return secretChecks.run(
    () =>
      new Promise((resolve, reject) => scrypt(secret, salt, KEYLEN, (err, key) => (err ? reject(err) : resolve(key)))),
    source,
    known,
  );
}

export async function hashSecret(secret: string, source = ''): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt, source);
  return `scrypt$${salt.toString('hex')}$${key.toString('hex')}`;
}

/** A hash no secret matches, for checking a LOGIN of an unknown name as long as a real one takes. */
const NOBODY = `scrypt$${randomBytes(16).toString('hex')}$${randomBytes(KEYLEN).toString('hex')}`;

/**
 * Whether `secret` matches `stored`. With no stored hash (unknown name, an account without a secret)
 * it still runs one scrypt against a hash nothing matches and answers false, so the time a LOGIN takes
 * does not tell which names exist (§5: one reason for an unknown name and a wrong secret).
 */
export async function verifySecret(
  secret: string,
  stored: string | undefined,
  source = '',
  known = false,
): Promise<boolean> {
  const [kind, saltHex, keyHex] = (stored ?? NOBODY).split('$');
  if (kind !== 'scrypt' || !saltHex || !keyHex) return false;
  const key = await scryptAsync(secret, Buffer.from(saltHex, 'hex'), source, known);
  const expected = Buffer.from(keyHex, 'hex');
  return stored !== undefined && key.length === expected.length && timingSafeEqual(key, expected);
}
