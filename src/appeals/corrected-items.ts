/**
 * The items of a corrected snapshot: the previous version's items with the
 * recomputed figures of the affected leaders put in, ranked again by the one
 * ranking rule. Every other leader's row is carried over as it was frozen,
 * so the new version differs from the old by the corrections alone. Pure.
 */
import type { LeaderMetrics } from '../metrics/metric-formulas';
import { rankLeaders } from '../metrics/ranking';
import type { SnapshotItem } from '../metrics/snapshot-format';

export function correctedItems(
  previous: readonly SnapshotItem[],
  recomputed: ReadonlyMap<string, LeaderMetrics>,
): SnapshotItem[] {
  const rows = previous.map((item) => {
    const metrics = recomputed.get(item.leaderId) ?? item.metrics;
    return {
      leaderId: item.leaderId,
      name: item.name,
      unit: item.unit,
      regionCode: item.regionCode,
      metrics,
    };
  });
  return rankLeaders(rows).map((row) => ({
    rank: row.rank,
    leaderId: row.leaderId,
    name: row.name,
    unit: row.unit,
    regionCode: row.regionCode,
    score: row.metrics.score.value,
    metrics: row.metrics,
  }));
}
