/**
 * FNV-1a of a string in a namespace, optionally skipping one position (a deletion key), then
 * mixed so that every bit reaches the low bits a bucket is chosen by: FNV's multiplication
 * only carries bits upwards, so without the mix the namespace (high bits) never did, and the
 * exact key "ali" shared its bucket with the typo key "ali" of Wali, Alia and Bali.
 */
export function hashOf(ns: number, s: string, skip = -1): number {
  let h = (0x811c9dc5 ^ ns) >>> 0;
  for (let i = 0; i < s.length; i++) {
    if (i === skip) continue;
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // MurmurHash3's finaliser.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
