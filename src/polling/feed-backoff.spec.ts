import { FEED_BACKOFF_BASE_MS, FEED_BACKOFF_MAX_MS, feedBackoffMs } from './feed-backoff';

describe('feedBackoffMs', () => {
  it('doubles with each consecutive failure', () => {
    expect(feedBackoffMs(1, () => 0)).toBe(FEED_BACKOFF_BASE_MS);
    expect(feedBackoffMs(2, () => 0)).toBe(2 * FEED_BACKOFF_BASE_MS);
    expect(feedBackoffMs(4, () => 0)).toBe(8 * FEED_BACKOFF_BASE_MS);
  });

  it('is capped, and jitter adds at most a fifth', () => {
    expect(feedBackoffMs(50, () => 0)).toBe(FEED_BACKOFF_MAX_MS);
    expect(feedBackoffMs(50, () => 0.999)).toBeLessThanOrEqual(FEED_BACKOFF_MAX_MS * 1.2);
    expect(feedBackoffMs(1, () => 0.5)).toBe(FEED_BACKOFF_BASE_MS * 1.1);
  });
});
