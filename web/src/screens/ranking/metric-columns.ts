import type { MetricName, Ratio } from '../../api/types';
import { percent } from '../../ui/parts';

/** The ranking's columns, in the order SPEC section 5 lists them, and how each value reads. */
export const RANKING_METRICS: MetricName[] = [
  'score',
  'received',
  'cases',
  'responseRate',
  'onTimeResponseRate',
  'resolutionRate',
  'medianFirstResponseHours',
  'p90FirstResponseHours',
  'overdue',
  'backlog',
  'satisfaction',
  'leaderReplyShare',
  'coverage',
];

const RATES = new Set<MetricName>([
  'responseRate',
  'onTimeResponseRate',
  'resolutionRate',
  'leaderReplyShare',
  'coverage',
]);

export function metricValue(name: MetricName, ratio: Ratio | undefined): string {
  if (!ratio || ratio.value === null) {
    return '—';
  }
  if (RATES.has(name)) {
    return percent(ratio.value);
  }
  if (name === 'score') {
    return (ratio.value * 100).toFixed(1);
  }
  return Number.isInteger(ratio.value) ? String(ratio.value) : ratio.value.toFixed(1);
}

/** Counts (SPEC 5: received, cases, overdue, backlog) show their value alone. */
const COUNTS = new Set<MetricName>(['received', 'cases', 'overdue', 'backlog']);

/**
 * Every other figure shows numerator / denominator, also when one case was
 * surveyed (75 / 1): the denominator says how much a figure rests on.
 */
export function isRatio(name: MetricName, ratio: Ratio | undefined): ratio is Ratio {
  if (name === 'score' || COUNTS.has(name)) {
    return false;
  }
  return ratio !== undefined && ratio !== null && !('buckets' in ratio);
}
