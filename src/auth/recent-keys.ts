/**
 * The keys this instance found valid a moment ago, so that every request
 * does not read its key from the database again. Only valid keys are kept
 * (a key issued on another instance works at once; a wrong key is always
 * looked up and counted), each for at most `ttlMs`; a key revoked through
 * this instance is forgotten at once, one revoked through another instance
 * works here for at most `ttlMs` more. At most `capacity` keys, the oldest
 * forgotten first.
 */
export class RecentKeys<T extends { keyId: string }> {
  private readonly entries = new Map<string, { value: T; until: number }>();

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

  /** Forgets every entry of the key `keyId` (revoked, or changed). */
  forgetKey(keyId: string): void {
    for (const [hash, entry] of this.entries) {
      if (entry.value.keyId === keyId) {
        this.entries.delete(hash);
      }
    }
  }
}
