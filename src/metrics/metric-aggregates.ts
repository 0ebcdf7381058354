/**
 * From counts to figures: the one place where v1 turns integer aggregates
 * (numerators, denominators, the two percentile durations) into the published
 * LeaderMetrics shape. Both paths end here: computeMetrics counts cases in
 * TypeScript, the metrics repository counts them in SQL, and neither rounds
 * anything itself, so the two cannot drift in rounding or in shape.
 *
 * See metric-formulas.ts for what each count means (SPEC section 5).
 */
import { roundBigRatio, roundRatio } from './exact-ratio';
import type { BacklogBuckets, Coverage, Figure, LeaderMetrics } from './metric-formulas';
import { MetricInputError } from './metric-inputs';
import { nearestRankPosition } from './percentile';

export const HOUR_MS = 3_600_000;
export const SCORE_DENOMINATOR = 10_000;
const RATE_DECIMALS = 4;
const HOURS_DECIMALS = 2;
const SATISFACTION_DECIMALS = 2;

/** The percentiles v1 publishes, as nearest-rank p (SQL: percentile_disc(p / 100)). */
export const MEDIAN_P = 50;
export const P90_P = 90;

/** Everything v1 needs about one leader and one window, as exact integers. */
export type MetricAggregates = {
  /** Citizen non-spam comments created in [from, to) and at or before asOf. */
  received: number;
  /** Cases opened in [from, to) and at or before asOf. */
  cases: number;
  /** Of those: first response at or before asOf. */
  responded: number;
  /** Responded, and the first response came by the acknowledge deadline (inclusive). */
  onTime: number;
  /** resolvedAt at or before asOf. */
  resolved: number;
  /** No response as of asOf and acknowledgeDeadline < asOf. */
  overdue: number;
  /** Responded, and the first response was the leader's own account. */
  leaderFirst: number;
  /** Cases with a survey recorded at or before asOf (the latest one counts). */
  surveyed: number;
  /** Sum of those latest survey scores. */
  scoreSum: number;
  /** Cases not closed at asOf, by age asOf − openedAt. */
  backlog: BacklogBuckets;
  /** Nearest-rank 50th / 90th percentile of first-response durations in whole ms; null iff responded = 0. */
  medianResponseMs: number | null;
  p90ResponseMs: number | null;
  coverage: Coverage;
};

export function metricsFromAggregates(k: MetricAggregates): LeaderMetrics {
  validateAggregates(k);
  const { lt1d, d1to3, d3to7, gt7d } = k.backlog;
  const { held, reported } = k.coverage;
  return {
    received: countFigure(k.received),
    cases: countFigure(k.cases),
    responseRate: ratioFigure(k.responded, k.cases, RATE_DECIMALS),
    onTimeResponseRate: ratioFigure(k.onTime, k.cases, RATE_DECIMALS),
    resolutionRate: ratioFigure(k.resolved, k.cases, RATE_DECIMALS),
    medianFirstResponseHours: percentileHoursFigure(k.medianResponseMs, k.responded, MEDIAN_P),
    p90FirstResponseHours: percentileHoursFigure(k.p90ResponseMs, k.responded, P90_P),
    overdue: countFigure(k.overdue),
    backlog: { ...countFigure(lt1d + d1to3 + d3to7 + gt7d), buckets: { lt1d, d1to3, d3to7, gt7d } },
    satisfaction: ratioFigure(k.scoreSum, k.surveyed, SATISFACTION_DECIMALS),
    leaderReplyShare: ratioFigure(k.leaderFirst, k.responded, RATE_DECIMALS),
    coverage: coverageFigure({ held, reported }),
    score: scoreFigure(k),
  };
}

/**
 * Comments held over comments Weibo reported, capped at 1 (Weibo's count lags
 * or leaves things out). Callers sum `least(held, reported)` per post as the
 * held count, so a surplus on one post cannot hide a gap on another.
 */
export function coverageFigure({ held, reported }: Coverage): Figure {
  return {
    value: roundRatio(Math.min(held, reported), reported, RATE_DECIMALS),
    numerator: held,
    denominator: reported,
  };
}

/** Counts that contradict each other mean a broken query or corrupt data: fail loudly. */
function validateAggregates(k: MetricAggregates): void {
  const counts: [string, number][] = [
    ['received', k.received],
    ['cases', k.cases],
    ['responded', k.responded],
    ['onTime', k.onTime],
    ['resolved', k.resolved],
    ['overdue', k.overdue],
    ['leaderFirst', k.leaderFirst],
    ['surveyed', k.surveyed],
    ['scoreSum', k.scoreSum],
    ['backlog.lt1d', k.backlog.lt1d],
    ['backlog.d1to3', k.backlog.d1to3],
    ['backlog.d3to7', k.backlog.d3to7],
    ['backlog.gt7d', k.backlog.gt7d],
    ['coverage.held', k.coverage.held],
    ['coverage.reported', k.coverage.reported],
  ];
  for (const [name, value] of counts) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new MetricInputError(`aggregate ${name} must be a non-negative integer`);
    }
  }
  const { lt1d, d1to3, d3to7, gt7d } = k.backlog;
  if (
    k.responded > k.cases ||
    k.resolved > k.cases ||
    k.surveyed > k.cases ||
    k.onTime > k.responded ||
    k.leaderFirst > k.responded ||
    k.overdue > k.cases - k.responded ||
    lt1d + d1to3 + d3to7 + gt7d > k.cases ||
    k.scoreSum > 100 * k.surveyed
  ) {
    throw new MetricInputError('aggregate counts contradict each other');
  }
  for (const [name, ms] of [
    ['medianResponseMs', k.medianResponseMs],
    ['p90ResponseMs', k.p90ResponseMs],
  ] as const) {
    if ((ms === null) !== (k.responded === 0)) {
      throw new MetricInputError(`aggregate ${name} must be null exactly when responded is 0`);
    }
    if (ms !== null && (!Number.isSafeInteger(ms) || ms < 0)) {
      throw new MetricInputError(`aggregate ${name} must be a non-negative integer`);
    }
  }
}

/**
 * score × 10000 = (4000·onTime + 3000·resolved + 1000·(cases − overdue)) / cases
 *               + 20·scoreSum / surveyed,
 * summed as one exact fraction and rounded once.
 */
function scoreFigure(k: MetricAggregates): Figure {
  let numerator = 0n;
  let denominator = 1n;
  if (k.cases > 0) {
    numerator = BigInt(4000 * k.onTime + 3000 * k.resolved + 1000 * (k.cases - k.overdue));
    denominator = BigInt(k.cases);
  }
  if (k.surveyed > 0) {
    numerator = numerator * BigInt(k.surveyed) + 20n * BigInt(k.scoreSum) * denominator;
    denominator *= BigInt(k.surveyed);
  }
  const basisPoints = Number(roundBigRatio(numerator, denominator));
  return {
    value: basisPoints / SCORE_DENOMINATOR,
    numerator: basisPoints,
    denominator: SCORE_DENOMINATOR,
  };
}

function countFigure(n: number): Figure {
  return { value: n, numerator: n, denominator: 1 };
}

function ratioFigure(numerator: number, denominator: number, decimals: number): Figure {
  return { value: roundRatio(numerator, denominator, decimals), numerator, denominator };
}

/** value = the duration at the nearest rank, in hours; numerator = that rank, denominator = n. */
function percentileHoursFigure(ms: number | null, responded: number, p: number): Figure {
  const rank = nearestRankPosition(responded, p);
  if (rank === null || ms === null) {
    return { value: null, numerator: 0, denominator: 0 };
  }
  return {
    value: roundRatio(ms, HOUR_MS, HOURS_DECIMALS),
    numerator: rank,
    denominator: responded,
  };
}
