import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/types.js';

/**
 * API keys are 32 random bytes; the store keeps only their SHA-256. A fast hash is enough
 * here (unlike for passwords) because the key has 256 bits of entropy: there is nothing to
 * guess by brute force.
 */
export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export async function createKey(store: Store, name: string): Promise<{ id: string; key: string }> {
  const id = randomBytes(6).toString('hex');
  const key = `clr_${id}_${randomBytes(32).toString('base64url')}`;
  await store.createApiKey({ id, name, hash: hashKey(key), createdAt: new Date().toISOString() });
  return { id, key };
}

/** Checks keys against the store's active hashes, re-read every few seconds so a revocation takes effect quickly. */
export class KeyChecker {
  private hashes: Buffer[] = [];
  private loadedAt = 0;

  constructor(private readonly store: Store, private readonly ttlMs = 5000) {}

  async count(): Promise<number> {
    await this.refresh();
    return this.hashes.length;
  }

  async valid(key: string | undefined): Promise<boolean> {
    if (!key) return false;
    await this.refresh();
    const h = Buffer.from(hashKey(key), 'hex');
    return this.hashes.some((x) => timingSafeEqual(x, h));
  }

  private async refresh(): Promise<void> {
    if (Date.now() - this.loadedAt < this.ttlMs) return;
    this.hashes = (await this.store.activeApiKeyHashes()).map((h) => Buffer.from(h, 'hex'));
    this.loadedAt = Date.now();
  }
}
