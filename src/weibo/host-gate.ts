/**
 * Politeness towards one host: requests run one at a time, in arrival order,
 * at least `minIntervalMs` after the previous request to the host ENDED (its
 * response or failure), and never while the host is paused after a rate limit.
 * Measuring from the end keeps the promised gap even when responses are slow.
 */

export type Sleep = (ms: number) => Promise<void>;

export interface HostState {
  host: string;
  /** Set after a 418/432; every request to the host waits for it. */
  pausedUntil: Date | null;
  consecutiveRateLimits: number;
  /** Requests waiting for their turn, plus the one running. */
  pending: number;
  lastRequestEndedAt: Date | null;
}

/** Exponential back-off with "equal jitter": between half and all of base·2^(n-1), capped. */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * Math.min(1, Math.max(0, random())));
}

export class HostGate {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private lastEndedAt: number | null = null;
  private pausedUntilMs = 0;
  private rateLimits = 0;

  constructor(
    readonly host: string,
    private readonly minIntervalMs: number,
    private readonly now: () => number,
    private readonly sleep: Sleep,
  ) {}

  /** Runs `task` when it is this caller's turn and the host may be asked again. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.pending++;
    try {
      await previous;
      await this.waitForTurn();
      return await task();
    } finally {
      this.lastEndedAt = this.now();
      this.pending--;
      release();
    }
  }

  /** Pauses the whole host for `delayMs` from now (never shortens a longer pause). */
  pauseAfterRateLimit(delayMs: number): Date {
    this.rateLimits++;
    this.pausedUntilMs = Math.max(this.pausedUntilMs, this.now() + delayMs);
    return new Date(this.pausedUntilMs);
  }

  /** Any answer that is not a rate limit means the host has forgiven us. */
  clearRateLimits(): void {
    this.rateLimits = 0;
  }

  get consecutiveRateLimits(): number {
    return this.rateLimits;
  }

  state(): HostState {
    return {
      host: this.host,
      pausedUntil: this.pausedUntilMs > this.now() ? new Date(this.pausedUntilMs) : null,
      consecutiveRateLimits: this.rateLimits,
      pending: this.pending,
      lastRequestEndedAt: this.lastEndedAt === null ? null : new Date(this.lastEndedAt),
    };
  }

  private async waitForTurn(): Promise<void> {
    // A few rounds only: timers may fire a millisecond early, and an injected
    // sleep that does not move the injected clock must not spin forever.
    for (let round = 0; round < 3; round++) {
      const earliest = Math.max(
        this.pausedUntilMs,
        this.lastEndedAt === null ? 0 : this.lastEndedAt + this.minIntervalMs,
      );
      const wait = earliest - this.now();
      if (wait <= 0) {
        return;
      }
      await this.sleep(wait);
    }
  }
}
