// A seeded random source, shared by the demo's bots, the chaos run and the benchmarks: the same seed
// gives the same floor, the same kills, the same storm.

/** A random source returning numbers in [0, 1). Math.random fits; seededRandom() is reproducible. */
export type Random = () => number;

/** mulberry32: a small, fast, well-spread 32-bit PRNG. Same seed, same sequence. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
