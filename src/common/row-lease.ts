/**
 * The rules of a row lease, the one way an instance holds a row (a feed, a
 * re-classification job) while other instances share the database: an
 * owner and an expiry on the row. A lease is free when nobody holds it or
 * when its expiry has passed (its holder died or hung); a holder keeps it by
 * renewing before it expires; every write made under a lease is fenced by
 * the owner, so a holder that lost its lease writes nothing more. Time is
 * always the injected clock's, passed in.
 */
export interface RowLease {
  owner: string | null;
  expiresAt: Date | null;
}

/** Free at `at`: nobody holds it, or the holder's expiry has passed (the expiry instant itself is still held). */
export function isLeaseFree(lease: RowLease, at: Date): boolean {
  return lease.owner === null || lease.expiresAt === null || lease.expiresAt < at;
}

/** When a lease taken or renewed at `at` for `leaseMs` runs out. */
export function leaseExpiry(at: Date, leaseMs: number): Date {
  if (!Number.isFinite(leaseMs) || leaseMs <= 0) {
    throw new RangeError(`a lease lasts a positive number of milliseconds, not ${leaseMs}`);
  }
  return new Date(at.getTime() + leaseMs);
}

/**
 * May `owner` take the lease at `at`? When it is free; and, where the
 * caller allows it (`reclaimOwn`), when `owner` already holds it: a job
 * runner resumes its own job, while a poller must not take a feed it is
 * polling already.
 */
export function canClaim(
  lease: RowLease,
  owner: string,
  at: Date,
  options: { reclaimOwn: boolean },
): boolean {
  return isLeaseFree(lease, at) || (options.reclaimOwn && lease.owner === owner);
}

/**
 * Fencing: a write under the lease goes through only while `owner` is the
 * row's owner. An expired lease that nobody took yet is still its owner's
 * to renew; once another instance claimed it, it is not.
 */
export function isFencedOut(lease: RowLease, owner: string): boolean {
  return lease.owner !== owner;
}

/** How often a holder renews: four beats per lease, so that one or two missed beats do not lose it. */
export function heartbeatEvery(leaseMs: number): number {
  return Math.floor(leaseMs / 4);
}
