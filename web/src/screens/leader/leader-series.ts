import type { CaseItem, LeaderMetrics } from '../../api/types';

const DAY = 86_400_000;
export const WEEKS = 6;

/** Six whole weeks ending at `now`, oldest first, as metric windows. */
export function weekWindows(now: Date): { from: string; to: string }[] {
  return Array.from({ length: WEEKS }, (_, i) => ({
    from: new Date(now.getTime() - (WEEKS - i) * 7 * DAY).toISOString(),
    to: new Date(now.getTime() - (WEEKS - 1 - i) * 7 * DAY).toISOString(),
  }));
}

export const RESPONSE_BUCKETS = ['lt1h', 'h1to4', 'h4to24', 'd1to3', 'gt3d'] as const;
const LIMITS_HOURS = [1, 4, 24, 72, Infinity];

/** Counts of first-response times (wall-clock hours from the message) per bucket. */
export function addResponseTimes(counts: number[], cases: CaseItem[]): number[] {
  const next = [...counts];
  for (const item of cases) {
    if (item.firstResponseAt) {
      const hours =
        (new Date(item.firstResponseAt).getTime() - new Date(item.openedAt).getTime()) / 3_600_000;
      next[LIMITS_HOURS.findIndex((limit) => hours < limit)] += 1;
    }
  }
  return next;
}

export function weeklySeries(weeks: LeaderMetrics[]) {
  return {
    cases: weeks.map((w) => w.metrics.cases.value ?? 0),
    onTime: weeks.map((w) =>
      w.metrics.onTimeResponseRate.value === null
        ? null
        : Math.round(w.metrics.onTimeResponseRate.value * 1000) / 10,
    ),
    coverage: weeks.map((w) =>
      w.metrics.coverage.value === null ? null : Math.round(w.metrics.coverage.value * 1000) / 10,
    ),
  };
}
