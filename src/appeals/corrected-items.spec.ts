import { computeMetrics, type MetricCase } from '../metrics/metric-formulas';
import type { SnapshotItem } from '../metrics/snapshot-format';
import { correctedItems } from './corrected-items';

const window = {
  from: new Date('2025-03-01T00:00:00Z'),
  to: new Date('2025-03-08T00:00:00Z'),
  asOf: new Date('2025-03-10T00:00:00Z'),
};
const at = (hours: number) => new Date(window.from.getTime() + hours * 3_600_000);

function answered(n: number, onTime: boolean): MetricCase[] {
  return Array.from({ length: n }, (_, i) => ({
    openedAt: at(i),
    acknowledgeDeadline: at(i + 24),
    firstResponseAt: at(i + (onTime ? 1 : 30)),
    firstResponseBy: 'leader',
    resolvedAt: null,
    closedAt: null,
    satisfactionScore: null,
    satisfactionAt: null,
  }));
}

function item(leaderId: string, cases: MetricCase[], rank: number): SnapshotItem {
  const metrics = computeMetrics({
    window,
    cases,
    receivedCount: cases.length,
    coverage: { held: 0, reported: 0 },
  });
  return {
    rank,
    leaderId,
    name: leaderId,
    unit: 'u',
    regionCode: 'r',
    score: metrics.score.value,
    metrics,
  };
}

describe('correctedItems', () => {
  const previous = [item('A', answered(2, true), 1), item('B', answered(2, false), 2)];

  it('keeps every untouched row as frozen and ranks again', () => {
    const better = item('B', [...answered(2, true), ...answered(1, true)], 0).metrics;
    const result = correctedItems(previous, new Map([['B', better]]));
    expect(result.map((r) => [r.rank, r.leaderId])).toEqual([
      [1, 'B'],
      [2, 'A'],
    ]);
    expect(result[1]).toEqual({ ...previous[0], rank: 2 });
    expect(result[0].metrics).toBe(better);
    expect(result[0].score).toBe(better.score.value);
  });

  it('changes nothing without recomputed leaders', () => {
    expect(correctedItems(previous, new Map())).toEqual(previous);
  });
});
