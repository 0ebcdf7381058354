/** Weibo's display counts (`1万+`, `3.2万`) as numbers. */

const MULTIPLIERS: Record<string, number> = { 万: 10_000, w: 10_000, W: 10_000, 亿: 100_000_000 };

/**
 * A Weibo count as a number: 12, "12", "100+" → 100, "1万+" → 10000,
 * "3.2万" → 32000, "1.5亿" → 150000000. Absent or unreadable counts are 0:
 * Weibo omits a count it has nothing to say about.
 */
export function parseCount(value: unknown): number {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value > 0 ? Math.trunc(value) : 0;
  }
  if (typeof value !== 'string') {
    return 0;
  }
  const s = value.replace(/[\s,，]/g, '').replace(/\+$/, '');
  const match = /^(\d+(?:\.\d+)?)(万|亿|w|W)?$/.exec(s);
  if (!match) {
    return 0;
  }
  const multiplier = match[2] === undefined ? 1 : MULTIPLIERS[match[2]];
  return Math.round(Number(match[1]) * multiplier);
}
