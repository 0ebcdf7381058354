import { metricsFromAggregates, type MetricAggregates } from './metric-aggregates';
import { MetricInputError } from './metric-inputs';

const counts: MetricAggregates = {
  received: 12,
  cases: 9,
  responded: 5,
  onTime: 4,
  resolved: 2,
  overdue: 3,
  leaderFirst: 2,
  surveyed: 3,
  scoreSum: 225,
  backlog: { lt1d: 0, d1to3: 1, d3to7: 2, gt7d: 2 },
  medianResponseMs: 3 * 3_600_000,
  p90ResponseMs: 30 * 3_600_000,
  coverage: { held: 18, reported: 21 },
};

describe('metricsFromAggregates', () => {
  it('builds the published figures from counts', () => {
    const m = metricsFromAggregates(counts);
    expect(m.responseRate).toEqual({ value: 0.5556, numerator: 5, denominator: 9 });
    expect(m.medianFirstResponseHours).toEqual({ value: 3, numerator: 3, denominator: 5 });
    expect(m.p90FirstResponseHours).toEqual({ value: 30, numerator: 5, denominator: 5 });
    expect(m.backlog).toEqual({ value: 5, numerator: 5, denominator: 1, buckets: counts.backlog });
    expect(m.score).toEqual({ value: 0.4611, numerator: 4611, denominator: 10000 });
  });

  it.each<[string, Partial<MetricAggregates>]>([
    ['responded above cases', { responded: 10 }],
    ['on time above responded', { onTime: 6 }],
    ['overdue and responded above cases', { overdue: 5 }],
    ['a backlog larger than the cases', { backlog: { lt1d: 9, d1to3: 1, d3to7: 0, gt7d: 0 } }],
    ['a mean score above 100', { scoreSum: 301 }],
    ['a negative count', { received: -1 }],
    ['a fractional count', { cases: 9.5 }],
    ['a percentile without responses', { responded: 0, onTime: 0, leaderFirst: 0 }],
    ['no percentile with responses', { medianResponseMs: null }],
  ])('refuses %s', (_, change) => {
    expect(() => metricsFromAggregates({ ...counts, ...change })).toThrow(MetricInputError);
  });
});
