/**
 * A token bucket per client address: `perMinute` requests in a burst, then
 * one every 60 000 / perMinute ms. Pure: the caller passes the time. Memory
 * is bounded: past `maxClients` addresses the least recently seen is
 * forgotten (forgetting only ever lets a client in, never shuts one out).
 */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

type Bucket = { tokens: number; at: number };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly msPerToken: number;

  constructor(
    private readonly perMinute: number,
    private readonly maxClients = 10_000,
  ) {
    if (!Number.isSafeInteger(perMinute) || perMinute < 1) {
      throw new RangeError('perMinute must be a positive integer');
    }
    this.msPerToken = 60_000 / perMinute;
  }

  take(client: string, nowMs: number): RateDecision {
    const previous = this.buckets.get(client);
    const elapsed = previous ? Math.max(0, nowMs - previous.at) : 0;
    const tokens = previous
      ? Math.min(this.perMinute, previous.tokens + elapsed / this.msPerToken)
      : this.perMinute;
    this.buckets.delete(client);
    if (tokens < 1) {
      this.buckets.set(client, { tokens, at: nowMs });
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil(((1 - tokens) * this.msPerToken) / 1000)),
      };
    }
    this.buckets.set(client, { tokens: tokens - 1, at: nowMs });
    if (this.buckets.size > this.maxClients) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) {
        this.buckets.delete(oldest);
      }
    }
    return { allowed: true };
  }

  /** How many addresses are remembered (for the memory bound). */
  get clients(): number {
    return this.buckets.size;
  }
}
