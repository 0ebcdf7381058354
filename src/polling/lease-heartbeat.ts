/**
 * Keeps a feed's lease alive while a long harvest reads Weibo between two
 * stores (a post with a hundred comment pages, a host paused after a 418).
 * A renewal that finds the lease gone marks it lost; the poll then stops.
 * A renewal that fails (the database blinked) is reported and tried again
 * on the next beat.
 */
export class LeaseHeartbeat {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private lost = false;

  constructor(
    private readonly renew: () => Promise<boolean>,
    private readonly everyMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  get isLost(): boolean {
    return this.lost;
  }

  start(): void {
    this.timer = setInterval(() => this.beat(), this.everyMs);
    // A heartbeat alone must not keep the process alive.
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    await this.inFlight;
  }

  private beat(): void {
    if (this.inFlight || this.lost) {
      return;
    }
    this.inFlight = this.renew()
      .then((held) => {
        this.lost ||= !held;
      })
      .catch(this.onError)
      .finally(() => {
        this.inFlight = null;
      });
  }
}
