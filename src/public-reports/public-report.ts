/**
 * The published transparency report (SPEC section 10): what a snapshot
 * says, per unit and per leader, each figure with its numerator and
 * denominator, plus the corrections and how to check the hash. Pure.
 *
 * It is built from the frozen snapshot content alone, which holds leaders
 * (public officials) and counts, never a citizen's name, uid or text.
 * Unit figures add up the leaders' numerators and denominators (a unit's
 * response rate is its responded cases over its cases); the two percentile
 * durations and the score are per leader only and are not summed.
 * The definitions travel with the report, so every form states what its
 * figures mean (see report-definitions.ts).
 */
import { createHash } from 'node:crypto';
import { roundRatio } from '../metrics/exact-ratio';
import type { Figure } from '../metrics/metric-formulas';
import {
  type SnapshotContent,
  type SnapshotCorrection,
  type SnapshotItem,
  snapshotToCsv,
} from '../metrics/snapshot-format';
import { definitionsOf, type MetricDefinition } from './report-definitions';

export type UnitSummary = {
  unit: string;
  leaders: number;
  received: Figure;
  cases: Figure;
  responseRate: Figure;
  onTimeResponseRate: Figure;
  resolutionRate: Figure;
  overdue: Figure;
  backlog: Figure;
  satisfaction: Figure;
  leaderReplyShare: Figure;
  coverage: Figure;
};

export type PublicReport = {
  id: string;
  name: string | null;
  createdAt: string;
  publishedAt: string;
  definitionVersion: string;
  window: { from: string; to: string; asOf: string };
  /** SHA-256 of the canonical content (as the evaluation API reports it). */
  hash: string;
  /** SHA-256 of this report's CSV file, byte for byte. */
  csvSha256: string;
  supersedes: string | null;
  supersededBy: string | null;
  corrections: SnapshotCorrection[];
  units: UnitSummary[];
  items: SnapshotItem[];
  /** What every figure of the definition version shares (which cases and events count). */
  definitionScope: string;
  /** One entry per figure of `items[].metrics`: its name, numerator, denominator and the page's text. */
  definitions: MetricDefinition[];
};

export type PublishedSnapshot = {
  id: string;
  name: string | null;
  createdAt: Date;
  publishedAt: Date;
  hash: string;
  supersededBy: string | null;
  content: SnapshotContent;
};

export function publicCsv(content: SnapshotContent): string {
  const { definitionVersion, window, items } = content;
  return snapshotToCsv({ definitionVersion, window, items });
}

export function buildPublicReport(snapshot: PublishedSnapshot): PublicReport {
  const { content } = snapshot;
  const definitions = definitionsOf(content.definitionVersion);
  return {
    id: snapshot.id,
    name: snapshot.name,
    createdAt: snapshot.createdAt.toISOString(),
    publishedAt: snapshot.publishedAt.toISOString(),
    definitionVersion: content.definitionVersion,
    window: {
      from: instant(content.window.from),
      to: instant(content.window.to),
      asOf: instant(content.window.asOf),
    },
    hash: snapshot.hash,
    csvSha256: createHash('sha256').update(publicCsv(content), 'utf8').digest('hex'),
    supersedes: content.supersedes ?? null,
    supersededBy: snapshot.supersededBy,
    corrections: [...(content.corrections ?? [])],
    units: unitSummaries(content.items),
    items: [...content.items],
    definitionScope: definitions.scope,
    definitions: [...definitions.metrics],
  };
}

/** Units in order of first appearance in the ranking (best-ranked leader first). */
export function unitSummaries(items: readonly SnapshotItem[]): UnitSummary[] {
  const byUnit = new Map<string, SnapshotItem[]>();
  for (const item of items) {
    byUnit.set(item.unit, [...(byUnit.get(item.unit) ?? []), item]);
  }
  return [...byUnit.entries()].map(([unit, members]) => {
    const sum = (pick: (item: SnapshotItem) => number) =>
      members.reduce((total, item) => total + pick(item), 0);
    const cases = sum((i) => i.metrics.cases.numerator);
    const responded = sum((i) => i.metrics.responseRate.numerator);
    return {
      unit,
      leaders: members.length,
      received: count(sum((i) => i.metrics.received.numerator)),
      cases: count(cases),
      responseRate: ratio(responded, cases, 4),
      onTimeResponseRate: ratio(
        sum((i) => i.metrics.onTimeResponseRate.numerator),
        cases,
        4,
      ),
      resolutionRate: ratio(
        sum((i) => i.metrics.resolutionRate.numerator),
        cases,
        4,
      ),
      overdue: count(sum((i) => i.metrics.overdue.numerator)),
      backlog: count(sum((i) => i.metrics.backlog.numerator)),
      satisfaction: ratio(
        sum((i) => i.metrics.satisfaction.numerator),
        sum((i) => i.metrics.satisfaction.denominator),
        2,
      ),
      leaderReplyShare: ratio(
        sum((i) => i.metrics.leaderReplyShare.numerator),
        responded,
        4,
      ),
      coverage: coverage(
        sum((i) => i.metrics.coverage.numerator),
        sum((i) => i.metrics.coverage.denominator),
      ),
    };
  });
}

function count(n: number): Figure {
  return { value: n, numerator: n, denominator: 1 };
}

function ratio(numerator: number, denominator: number, decimals: number): Figure {
  return { value: roundRatio(numerator, denominator, decimals), numerator, denominator };
}

/** As v1 does per leader: held over reported, capped at 1. */
function coverage(held: number, reported: number): Figure {
  return {
    value: roundRatio(Math.min(held, reported), reported, 4),
    numerator: held,
    denominator: reported,
  };
}

function instant(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : value;
}
