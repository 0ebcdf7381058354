import { createHash, randomBytes } from 'node:crypto';

/** Keys are 256 random bits; only their SHA-256 is stored, so a stolen table opens nothing. */
export function generateApiKey(): string {
  return `msk_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function keyPrefix(key: string): string {
  return key.slice(0, 10);
}
