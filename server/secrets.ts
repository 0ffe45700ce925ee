// Secrets (PROTOCOL.md §2): stored only as salted scrypt hashes, compared in constant time.
//
// scrypt runs on libuv's thread pool (4 threads), which the change log's O_DSYNC writes also use, and
// every reply waits for its change's write: 64 wrong-secret LOGINs in flight once filled the pool and
// raised an honest bidder's BID→reply median from 1.6 ms to 1.8 s. So secret checks go through one
// bounded queue that runs at most SECRET_CONCURRENCY of them at a time: the pool always has threads
// free for the log, and a flood of checks waits in this queue (or is refused once it is full) instead
// of in front of everyone else's writes (§5: "checking a secret never delays the replies and pushes
// of other clients").
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEYLEN = 32;
/** Secret checks running at once (each holds one pool thread and ~16 MB for ~50–100 ms). */
export const SECRET_CONCURRENCY = 1;
/** Checks waiting beyond these are refused at once (SecretQueueFull) rather than queued for many seconds. */
export const SECRET_QUEUE_MAX = 128;

/** The queue of secret checks is full: the request is refused, nothing was checked or changed. */
export class SecretQueueFull extends Error {
  constructor() {
    super('Server busy checking secrets; try again in a few seconds');
  }
}

type Job = () => void;

class SecretQueue {
  private running = 0;
  private waiting: Job[] = [];
  private head = 0;
  /** Checks refused because the queue was full, and the most that ever waited (for the flood tool). */
  refused = 0;
  maxWaiting = 0;

  run<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = () => {
        this.running++;
        work()
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.next();
          });
      };
      if (this.running < SECRET_CONCURRENCY) return job();
      if (this.waiting.length - this.head >= SECRET_QUEUE_MAX) {
        this.refused++;
        return reject(new SecretQueueFull());
      }
      this.waiting.push(job);
      this.maxWaiting = Math.max(this.maxWaiting, this.waiting.length - this.head);
    });
  }

  private next(): void {
    if (this.head >= this.waiting.length) return;
    const job = this.waiting[this.head++];
    if (this.head === this.waiting.length) {
      this.waiting = [];
      this.head = 0;
    }
    job();
  }

  get pending(): number {
    return this.running + this.waiting.length - this.head;
  }
}

/** One queue per process: the thread pool it protects is per process too. */
export const secretChecks = new SecretQueue();

function scryptAsync(secret: string, salt: Buffer): Promise<Buffer> {
  return secretChecks.run(
    () =>
      new Promise((resolve, reject) => scrypt(secret, salt, KEYLEN, (err, key) => (err ? reject(err) : resolve(key)))),
  );
}

export async function hashSecret(secret: string, _source = ''): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt);
  return `scrypt$${salt.toString('hex')}$${key.toString('hex')}`;
}

/** A hash no secret matches, for checking a LOGIN of an unknown name as long as a real one takes. */
const NOBODY = `scrypt$${randomBytes(16).toString('hex')}$${randomBytes(KEYLEN).toString('hex')}`;

/**
 * Whether `secret` matches `stored`. With no stored hash (unknown name, an account without a secret)
 * it still runs one scrypt against a hash nothing matches and answers false, so the time a LOGIN takes
 * does not tell which names exist (§5: one reason for an unknown name and a wrong secret).
 */
export async function verifySecret(secret: string, stored: string | undefined, _source = ''): Promise<boolean> {
  const [kind, saltHex, keyHex] = (stored ?? NOBODY).split('$');
  if (kind !== 'scrypt' || !saltHex || !keyHex) return false;
  const key = await scryptAsync(secret, Buffer.from(saltHex, 'hex'));
  const expected = Buffer.from(keyHex, 'hex');
  return stored !== undefined && key.length === expected.length && timingSafeEqual(key, expected);
}
