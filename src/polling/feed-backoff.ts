/**
 * When a feed fails, its next poll waits longer each time: base × 2^(n-1),
 * capped, with up to 20% jitter so that many failing feeds do not return
 * together. A feed Weibo calls empty (`ok:0`) is asked again after the cap.
 */
export const FEED_BACKOFF_BASE_MS = 5 * 60_000;
export const FEED_BACKOFF_MAX_MS = 6 * 60 * 60_000;

export function feedBackoffMs(
  consecutiveFailures: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(consecutiveFailures - 1, 20));
  const delay = Math.min(FEED_BACKOFF_BASE_MS * 2 ** exponent, FEED_BACKOFF_MAX_MS);
  return Math.round(delay * (1 + 0.2 * random()));
}
