/**
 * Failed sign-ins per client address, in a sliding window. Only failures are
 * counted; an address that has failed `maxFailures` times within `windowMs`
 * is refused until its oldest failure in the window ages out, without its
 * keys being looked up, so it can no longer test guesses. What a throttled
 * address keeps: the keys it proved valid before (for `trustMs`), so an API
 * client or a colleague behind the same NAT goes on working while a guesser
 * waits; and every open session. Held in memory: each instance throttles on
 * its own.
 */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  /** Addresses remembered at most; the least recently failing are forgotten first. */
  maxAddresses: number;
  /** How long a key that succeeded from an address still passes it while throttled. */
  trustMs?: number;
}

/** Keys remembered per address at most (the least recently used forgotten first). */
const KEYS_PER_ADDRESS = 20;

export const SIGN_IN_POLICY: ThrottlePolicy = {
  maxFailures: 10,
  windowMs: 15 * 60_000,
  maxAddresses: 10_000,
  trustMs: 24 * 3_600_000,
};

export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();
  /** address → key hash → when it last succeeded from there. */
  private readonly proved = new Map<string, Map<string, number>>();

  constructor(private readonly policy: ThrottlePolicy = SIGN_IN_POLICY) {}

  /** Seconds until the address may try again, or null when it may try now. */
  retryAfterSeconds(address: string, now: Date): number | null {
    const recent = this.recent(address, now.getTime());
    if (recent.length < this.policy.maxFailures) {
      return null;
    }
    const freeAt = recent[recent.length - this.policy.maxFailures] + this.policy.windowMs;
    return Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
  }

  recordFailure(address: string, now: Date): void {
    const recent = this.recent(address, now.getTime());
    recent.push(now.getTime());
    this.failures.delete(address);
    this.failures.set(address, recent.slice(-this.policy.maxFailures));
    while (this.failures.size > this.policy.maxAddresses) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      this.failures.delete(oldest);
    }
  }

  /** A key (its hash) succeeded from `address`: it passes there while the address is throttled. */
  recordSuccess(address: string, keyHash: string, now: Date): void {
    const keys = this.proved.get(address) ?? new Map<string, number>();
    keys.delete(keyHash);
    keys.set(keyHash, now.getTime());
    while (keys.size > KEYS_PER_ADDRESS) {
      keys.delete(keys.keys().next().value as string);
    }
    this.proved.delete(address);
    this.proved.set(address, keys);
    while (this.proved.size > this.policy.maxAddresses) {
      this.proved.delete(this.proved.keys().next().value as string);
    }
  }

  /** Whether `keyHash` succeeded from `address` within the trust period. */
  hasProved(address: string, keyHash: string, now: Date): boolean {
    const at = this.proved.get(address)?.get(keyHash);
    const trustMs = this.policy.trustMs ?? SIGN_IN_POLICY.trustMs!;
    return at !== undefined && at <= now.getTime() && now.getTime() - at < trustMs;
  }

  /** How many addresses are remembered (for tests and logs). */
  get size(): number {
    return this.failures.size;
  }

  private recent(address: string, nowMs: number): number[] {
    const since = nowMs - this.policy.windowMs;
    const kept = (this.failures.get(address) ?? []).filter((at) => at > since && at <= nowMs);
    if (kept.length === 0) {
      this.failures.delete(address);
    }
    return kept;
  }
}
