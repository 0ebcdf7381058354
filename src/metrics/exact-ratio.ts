/**
 * Exact rational helpers for the metric definitions. Every published value is
 * a ratio of integers rounded to a fixed number of decimals; doing that in
 * BigInt (not `Math.round(n / d * 10 ** k)`) makes the rounding exact, so the
 * pure path and PostgreSQL's `round(numeric)` agree to the last digit.
 *
 * Rounding mode: half away from zero, the mode of PostgreSQL `round(numeric)`.
 * Every metric quantity is non-negative, so this is plain "half up".
 */

function assertSafeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be a safe integer, got ${String(value)}`);
  }
}

/** `numerator / denominator` rounded to `decimals` places; null when the denominator is 0. */
export function roundRatio(
  numerator: number,
  denominator: number,
  decimals: number,
): number | null {
  assertSafeInteger('numerator', numerator);
  assertSafeInteger('denominator', denominator);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 15) {
    throw new RangeError(`decimals must be an integer in [0, 15], got ${String(decimals)}`);
  }
  if (denominator === 0) {
    return null;
  }
  const scale = 10n ** BigInt(decimals);
  const rounded = roundBigRatio(BigInt(numerator) * scale, BigInt(denominator));
  return Number(rounded) / Number(scale);
}

/** Round the rational n/d (d ≠ 0) to the nearest integer, ties away from zero. */
export function roundBigRatio(n: bigint, d: bigint): bigint {
  if (d === 0n) {
    throw new RangeError('denominator must not be 0');
  }
  const negative = n < 0n !== d < 0n;
  const absN = n < 0n ? -n : n;
  const absD = d < 0n ? -d : d;
  const magnitude = (2n * absN + absD) / (2n * absD);
  return negative ? -magnitude : magnitude;
}

/**
 * Compare a/b with c/d exactly (b, d > 0). A ratio with denominator 0 (a
 * figure whose value is null) sorts below every real ratio; two of them tie.
 */
export function compareRatios(a: number, b: number, c: number, d: number): number {
  if (b === 0 || d === 0) {
    return (b === 0 ? 0 : 1) - (d === 0 ? 0 : 1);
  }
  const left = BigInt(a) * BigInt(d);
  const right = BigInt(c) * BigInt(b);
  return left === right ? 0 : left < right ? -1 : 1;
}
