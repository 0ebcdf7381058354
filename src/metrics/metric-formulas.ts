/**
 * Responsiveness metrics, definition version v1 (SPEC section 5). Pure: plain
 * inputs in, figures out; no clock, no database. The SQL aggregation must
 * produce exactly these numbers (it is checked against this module).
 *
 * Every figure is `{ value, numerator, denominator }`. "In the window" means
 * opened in [from, to); "as of asOf" means the event's time is ≤ asOf.
 *
 * SPEC line                          → how v1 computes it
 * ---------------------------------------------------------------------------
 * (all)             A case counts only if from ≤ openedAt < to AND
 *                   openedAt ≤ asOf: a case opened after asOf did not exist
 *                   at asOf. Likewise a response, resolution, closing or
 *                   survey exists only if its time ≤ asOf, so figures for a
 *                   past asOf are reproducible whatever happened later.
 * received          value = numerator = receivedCount, denominator = 1.
 *                   The caller counts citizen (author ≠ leader), non-spam
 *                   comments created in [from, to) and ≤ asOf.
 * cases             value = numerator = number of counted cases, denominator 1.
 * responseRate      cases with firstResponseAt ≤ asOf / cases.
 * onTimeResponseRate cases with firstResponseAt ≤ acknowledgeDeadline
 *                   (inclusive) AND firstResponseAt ≤ asOf / cases.
 * resolutionRate    cases with resolvedAt ≤ asOf / cases (resolvedAt is the
 *                   time the case reached status resolved, outcome resolved;
 *                   closings as referred/not_actionable/duplicate don't count).
 * median/p90 FirstResponseHours
 *                   over cases responded as of asOf: wall-clock
 *                   firstResponseAt − openedAt in integer milliseconds
 *                   (negative clock skew clamped to 0), nearest-rank
 *                   percentile (rank = max(1, ceil(p/100 × n)), 1-based over
 *                   the ascending list), value = that duration in hours
 *                   rounded to 2 decimals; numerator = the rank,
 *                   denominator = n (responded cases). So value is NOT
 *                   numerator/denominator for these two figures; null when n = 0.
 * overdue           cases with no response as of asOf whose
 *                   acknowledgeDeadline < asOf (strict). A late response
 *                   given before asOf ends overdue status (it shows as a
 *                   miss in onTimeResponseRate instead). A case closed
 *                   without any recorded response still counts (SPEC
 *                   literally). value = numerator = count, denominator = 1.
 * backlog           cases not closed at asOf (closedAt null or > asOf);
 *                   value = numerator = count, denominator = 1, plus buckets
 *                   by age = asOf − openedAt: lt1d age < 24 h,
 *                   d1to3 24 h ≤ age < 72 h, d3to7 72 h ≤ age < 168 h,
 *                   gt7d age ≥ 168 h (wall-clock hours, not working time).
 * satisfaction      over cases surveyed as of asOf (satisfactionAt ≤ asOf;
 *                   the caller passes the latest survey recorded at or before
 *                   asOf): numerator = sum of scores (满意 100, 较满意 75,
 *                   一般 50, 不满意 0), denominator = surveyed cases,
 *                   value = mean on 0–100 rounded to 2 decimals.
 * leaderReplyShare  responded cases (as of asOf) whose FIRST response was by
 *                   the leader's own Weibo account / responded cases.
 * coverage          numerator = comments held, denominator = comments Weibo
 *                   reported (over the leader's posts in the window); value =
 *                   min(1, held / reported) rounded to 4 decimals, null when
 *                   reported = 0. Weibo's comments_count can lag or exclude
 *                   items we hold, so held > reported means "complete", not
 *                   "more than complete"; the raw counts stay visible.
 * score             0.4·onTime + 0.3·resolution + 0.2·satisfaction/100
 *                   + 0.1·(1 − overdue/cases); a part whose denominator is
 *                   0 counts as 0, so a leader with no cases scores 0 (not
 *                   null). Computed exactly from the integer counts (never
 *                   from rounded values), then rounded to 4 decimals:
 *                   numerator = score in basis points (integer),
 *                   denominator = 10000, value = numerator / 10000 ∈ [0, 1].
 *
 * Rounding: rates (responseRate, onTimeResponseRate, resolutionRate,
 * leaderReplyShare, coverage) have value = numerator/denominator rounded to 4
 * decimals; hours and satisfaction to 2 decimals; all half away from zero,
 * done exactly on integers (see exact-ratio.ts), equal to PostgreSQL
 * `round(numeric, k)` applied to the exact quotient.
 */
import { MEDIAN_P, metricsFromAggregates, P90_P } from './metric-aggregates';
import { validateMetricInputs } from './metric-inputs';
import { nearestRank } from './percentile';

export { MetricInputError } from './metric-inputs';
export { SATISFACTION_SCORES } from './satisfaction-levels';

export const DEFINITION_VERSION = 'v1';

export type Figure = { value: number | null; numerator: number; denominator: number };

export type BacklogBuckets = { lt1d: number; d1to3: number; d3to7: number; gt7d: number };
export type BacklogFigure = Figure & { buckets: BacklogBuckets };

export type Responder = 'leader' | 'staff';

export type MetricCase = {
  /** The citizen's Weibo time (SPEC section 4), not when the service saw it. */
  openedAt: Date;
  acknowledgeDeadline: Date;
  /** Earliest response: leader reply (its Weibo time) or staff follow-up (server time). */
  firstResponseAt: Date | null;
  /** Who made that earliest response; null exactly when firstResponseAt is null. */
  firstResponseBy: Responder | null;
  /** When it reached status resolved with outcome resolved. */
  resolvedAt: Date | null;
  /** When it reached resolved or closed, i.e. left the backlog. */
  closedAt: Date | null;
  /** 100 / 75 / 50 / 0: the latest survey recorded at or before asOf. */
  satisfactionScore: number | null;
  /** When that survey was recorded; null exactly when satisfactionScore is null. */
  satisfactionAt: Date | null;
};

export type MetricWindow = { from: Date; to: Date; asOf: Date };
export type Coverage = { held: number; reported: number };

export type MetricInputs = {
  window: MetricWindow;
  /** Cases opened in [from, to); any others are ignored (see the header). */
  cases: readonly MetricCase[];
  /** Citizen non-spam comments created in [from, to) and at or before asOf. */
  receivedCount: number;
  coverage: Coverage;
};

export type LeaderMetrics = {
  received: Figure;
  cases: Figure;
  responseRate: Figure;
  onTimeResponseRate: Figure;
  resolutionRate: Figure;
  medianFirstResponseHours: Figure;
  p90FirstResponseHours: Figure;
  overdue: Figure;
  backlog: BacklogFigure;
  satisfaction: Figure;
  leaderReplyShare: Figure;
  coverage: Figure;
  score: Figure;
};

const HOUR_MS = 3_600_000;
export { SCORE_DENOMINATOR } from './metric-aggregates';
export type { MetricAggregates } from './metric-aggregates';

export function computeMetrics(inputs: MetricInputs): LeaderMetrics {
  validateMetricInputs(inputs);
  const from = inputs.window.from.getTime();
  const to = inputs.window.to.getTime();
  const asOf = inputs.window.asOf.getTime();
  const happened = (at: Date | null): boolean => timeAsOf(at, asOf) !== null;

  let cases = 0;
  let onTime = 0;
  let resolved = 0;
  let overdue = 0;
  let leaderFirst = 0;
  let surveyed = 0;
  let scoreSum = 0;
  const responseMs: number[] = [];
  const buckets: BacklogBuckets = { lt1d: 0, d1to3: 0, d3to7: 0, gt7d: 0 };

  for (const c of inputs.cases) {
    const openedAt = c.openedAt.getTime();
    if (openedAt < from || openedAt >= to || openedAt > asOf) {
      continue;
    }
    cases += 1;
    const respondedAt = timeAsOf(c.firstResponseAt, asOf);
    if (respondedAt !== null) {
      responseMs.push(Math.max(0, respondedAt - openedAt));
      if (respondedAt <= c.acknowledgeDeadline.getTime()) {
        onTime += 1;
      }
      if (c.firstResponseBy === 'leader') {
        leaderFirst += 1;
      }
    } else if (c.acknowledgeDeadline.getTime() < asOf) {
      overdue += 1;
    }
    if (happened(c.resolvedAt)) {
      resolved += 1;
    }
    if (!happened(c.closedAt)) {
      buckets[backlogBucket(asOf - openedAt)] += 1;
    }
    if (happened(c.satisfactionAt) && c.satisfactionScore !== null) {
      surveyed += 1;
      scoreSum += c.satisfactionScore;
    }
  }

  responseMs.sort((a, b) => a - b);
  // Rounding and the figure shape live in metricsFromAggregates, shared with the SQL path.
  return metricsFromAggregates({
    received: inputs.receivedCount,
    cases,
    responded: responseMs.length,
    onTime,
    resolved,
    overdue,
    leaderFirst,
    surveyed,
    scoreSum,
    backlog: buckets,
    medianResponseMs: nearestRank(responseMs, MEDIAN_P),
    p90ResponseMs: nearestRank(responseMs, P90_P),
    coverage: inputs.coverage,
  });
}

/** The event's time in ms if it had happened by asOf, else null. */
function timeAsOf(at: Date | null, asOf: number): number | null {
  return at !== null && at.getTime() <= asOf ? at.getTime() : null;
}

/** Age bucket of a backlog case; boundaries belong to the older bucket. */
export function backlogBucket(ageMs: number): keyof BacklogBuckets {
  if (ageMs < 24 * HOUR_MS) {
    return 'lt1d';
  }
  if (ageMs < 72 * HOUR_MS) {
    return 'd1to3';
  }
  if (ageMs < 168 * HOUR_MS) {
    return 'd3to7';
  }
  return 'gt7d';
}

/** One line per problem: a harvest that is incomplete is said so next to the figures. */
export function coverageWarnings(coverage: Coverage): string[] {
  const { held, reported } = coverage;
  if (reported <= 0 || held >= reported) {
    return [];
  }
  // Floor, not round: 9999 of 10000 must not print as a reassuring 100.0%.
  const permille = Number((BigInt(held) * 1000n) / BigInt(reported));
  const percent = `${Math.floor(permille / 10)}.${permille % 10}`;
  return [`harvest incomplete: held ${held} of ${reported} comments Weibo reported (${percent}%)`];
}
