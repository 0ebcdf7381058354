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

/** Counts have denominator 1; only real ratios show numerator / denominator. */
export function isRatio(name: MetricName, ratio: Ratio | undefined): ratio is Ratio {
  if (name === 'score') {
    return false;
  }
  return ratio !== undefined && ratio.denominator !== 1 && ratio !== null && !('buckets' in ratio);
}
