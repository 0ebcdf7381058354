/**
 * Failed sign-ins per client address, in a sliding window. Only failures are
 * counted, and only wrong keys are refused: an address that has failed
 * `maxFailures` times within `windowMs` has its wrong keys refused (429)
 * until its oldest failure in the window ages out, while a valid key from it
 * is never slowed (SessionsService). Held in memory: each instance throttles
 * on its own.
 */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  /** Addresses remembered at most; the least recently failing are forgotten first. */
  maxAddresses: number;
}

export const SIGN_IN_POLICY: ThrottlePolicy = {
  maxFailures: 10,
  windowMs: 15 * 60_000,
  maxAddresses: 10_000,
};

export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

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
