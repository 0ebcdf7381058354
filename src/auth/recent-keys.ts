/**
 * What this instance learnt about a key hash a moment ago, kept for at most
 * `ttlMs` and at most `capacity` hashes (the oldest forgotten first), so that
 * every request does not read its key from the database again.
 */
class RecentByHash<T> {
  protected readonly entries = new Map<string, { value: T; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly capacity: number,
  ) {}

  /** The value kept for `hash`, if it was kept less than ttlMs before `now`. */
  get(hash: string, now: number): T | undefined {
    const entry = this.entries.get(hash);
    if (entry === undefined) {
      return undefined;
    }
    // A clock moved back past the entry's birth counts as expired too.
    if (now >= entry.until || now < entry.until - this.ttlMs) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.value;
  }

  set(hash: string, value: T, now: number): void {
    this.entries.delete(hash);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) {
        this.entries.delete(oldest.value);
      }
    }
    this.entries.set(hash, { value, until: now + this.ttlMs });
  }

  /** Forgets one hash at once. */
  forget(hash: string): void {
    this.entries.delete(hash);
  }
}

/**
 * The keys this instance found valid a moment ago. A key issued on another
 * instance works at once (it cannot have been seen before it was issued); a
 * key revoked through this instance is forgotten at once, one revoked
 * through another instance works here for at most `ttlMs` more.
 */
export class RecentKeys<T extends { keyId: string }> extends RecentByHash<T> {
  /** Forgets every entry of the key `keyId` (revoked, or changed). */
  forgetKey(keyId: string): void {
    for (const [hash, entry] of this.entries) {
      if (entry.value.keyId === keyId) {
        this.entries.delete(hash);
      }
    }
  }
}

/**
 * The hashes this instance found unknown or revoked a moment ago, so that a
 * client repeating one wrong key (a script with a revoked key, retrying)
 * costs a lookup in memory, not in the database. A wrong key found here is
 * still a counted failure (SessionsService). A hash that becomes valid (a configured
 * admin key put back on another instance) works here within `ttlMs`.
 */
export class RecentMisses extends RecentByHash<true> {
  has(hash: string, now: number): boolean {
    return this.get(hash, now) === true;
  }

  add(hash: string, now: number): void {
    this.set(hash, true, now);
  }
}
