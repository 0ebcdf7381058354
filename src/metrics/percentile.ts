/**
 * Nearest-rank percentile (the definition used by SPEC section 5):
 * the p-th percentile of n ascending values is the value at 1-based rank
 * `ceil(p / 100 × n)`, with rank at least 1 (so p = 0 gives the minimum).
 * It always returns one of the observed values, never an interpolation, so
 * the same case set gives the same figure in SQL and in TypeScript.
 */

/** 1-based nearest rank for `p` (0–100) over `n` values; null when n is 0. */
export function nearestRankPosition(n: number, p: number): number | null {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`n must be a non-negative integer, got ${String(n)}`);
  }
  if (!Number.isFinite(p) || p < 0 || p > 100) {
    throw new RangeError(`p must be within [0, 100], got ${String(p)}`);
  }
  if (n === 0) {
    return null;
  }
  // p × n is exact for integer p; the quotient is either exact (p × n a
  // multiple of 100) or at least 0.01 away from an integer, so ceil is safe.
  // For fractional p, snap values within 1e-9 of an integer to absorb binary
  // representation error (e.g. 0.7 × 10 = 7.000000000000001).
  const exact = (p * n) / 100;
  const nearest = Math.round(exact);
  const rank = Math.abs(exact - nearest) < 1e-9 ? nearest : Math.ceil(exact);
  return Math.min(n, Math.max(1, rank));
}

/**
 * The nearest-rank p-th percentile of `sortedAsc`, which the caller must
 * already have sorted ascending (not checked: callers sort once and take
 * several percentiles). Null for an empty list.
 */
export function nearestRank(sortedAsc: readonly number[], p: number): number | null {
  const rank = nearestRankPosition(sortedAsc.length, p);
  return rank === null ? null : sortedAsc[rank - 1];
}
