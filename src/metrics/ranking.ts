/**
 * Ranking of leaders by v1 score. The order is total and deterministic, so
 * the same metrics always give the same ranking and the same snapshot hash:
 *
 *   1. higher score (compared on its integer basis points)
 *   2. higher onTimeResponseRate (exact fraction; a null rate, i.e. no cases,
 *      ranks below every real rate, including 0)
 *   3. more cases
 *   4. fewer overdue cases
 *   5. leaderId ascending (plain UTF-16 code-unit order, not locale order)
 *
 * Ranks are positions 1..n in that order; leaders tied on 1–4 still get
 * distinct ranks, decided by 5. Leader ids are unique in practice; should
 * two rows share an id, Array.prototype.sort is stable and keeps input order.
 */
import { compareRatios } from './exact-ratio';
import type { LeaderMetrics } from './metric-formulas';

export const RANKING_RULE =
  'score desc, then onTimeResponseRate desc (null last), then cases desc, then overdue asc, then leaderId asc';

export type RankableLeader = {
  leaderId: string;
  name: string;
  unit: string;
  regionCode: string;
  metrics: LeaderMetrics;
};

export type Ranked<T> = T & { rank: number };

/** Negative when `a` ranks above (better than) `b`. */
export function compareLeaders(a: RankableLeader, b: RankableLeader): number {
  const am = a.metrics;
  const bm = b.metrics;
  return (
    bm.score.numerator * am.score.denominator - am.score.numerator * bm.score.denominator ||
    compareRatios(
      bm.onTimeResponseRate.numerator,
      bm.onTimeResponseRate.denominator,
      am.onTimeResponseRate.numerator,
      am.onTimeResponseRate.denominator,
    ) ||
    bm.cases.numerator - am.cases.numerator ||
    am.overdue.numerator - bm.overdue.numerator ||
    compareCodeUnits(a.leaderId, b.leaderId)
  );
}

/** A new array, best first, each row with its 1-based rank; the input is not modified. */
export function rankLeaders<T extends RankableLeader>(rows: readonly T[]): Ranked<T>[] {
  return [...rows].sort(compareLeaders).map((row, index) => ({ ...row, rank: index + 1 }));
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
