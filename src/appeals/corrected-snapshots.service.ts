import { Inject, Injectable } from '@nestjs/common';
import { Conflict } from '../common/domain-error';
import { LOGGER, type Logger } from '../common/logger';
import type { Sql } from '../database/database';
import { metricsFromAggregates } from '../metrics/metric-aggregates';
import { DEFINITION_VERSION, type LeaderMetrics } from '../metrics/metric-formulas';
import { MetricsRepository } from '../metrics/metrics.repository';
import {
  type SnapshotCaseCorrection,
  type SnapshotContent,
  type SnapshotCorrection,
  snapshotCanonicalContent,
  snapshotHash,
} from '../metrics/snapshot-format';
import { SnapshotsRepository, type StoredSnapshot } from '../metrics/snapshots.repository';
import { CasesAlreadyCorrected } from './appeal-errors';
import { affectedLeaders, caseOwnership, correctedCaseIds } from './appeal-rules';
import { correctedItems } from './corrected-items';

export type CorrectionRequestContext = {
  appealId: string;
  /** The snapshot the appeal was filed against; the correction goes on its chain's latest version. */
  snapshotId: string;
  reason: string;
  changes: SnapshotCaseCorrection[];
  at: Date;
  actor: string;
};

/**
 * Writes the corrected version of a snapshot: same window and definition
 * version, the affected leaders recomputed by the v1 aggregation with the
 * chain's corrections as its ownership input, every other row carried over.
 */
@Injectable()
export class CorrectedSnapshotsService {
  constructor(
    private readonly snapshots: SnapshotsRepository,
    private readonly metrics: MetricsRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Runs inside the decision's transaction, which holds the audit chain's lock. */
  async correct(
    tx: Sql,
    request: CorrectionRequestContext,
  ): Promise<{ snapshot: StoredSnapshot; supersedes: string }> {
    const chain = await this.snapshots.chainOf(request.snapshotId, tx);
    const head = await this.snapshots.findWithContent(chain[chain.length - 1].id, tx);
    if (!head) {
      throw new Conflict('SNAPSHOT_CHAIN_BROKEN', `snapshot ${request.snapshotId} has no head`);
    }
    const previous = JSON.parse(head.content) as SnapshotContent;
    if (previous.definitionVersion !== DEFINITION_VERSION) {
      throw new Conflict(
        'DEFINITION_VERSION_RETIRED',
        `snapshot ${head.id} was computed with ${previous.definitionVersion}; ` +
          `this service computes ${DEFINITION_VERSION}`,
      );
    }
    const before = previous.corrections ?? [];
    const twice = request.changes
      .map((change) => change.caseId)
      .filter((id) => correctedCaseIds(before).has(id));
    if (twice.length > 0) {
      throw new CasesAlreadyCorrected(twice);
    }
    const corrections: SnapshotCorrection[] = [
      ...before,
      {
        appealId: request.appealId,
        reason: request.reason,
        decidedAt: request.at.toISOString(),
        changes: request.changes,
      },
    ];
    const ownership = caseOwnership(corrections);
    const ranked = new Set(previous.items.map((item) => item.leaderId));
    const recomputed = new Map<string, LeaderMetrics>();
    for (const leaderId of affectedLeaders(request.changes).filter((id) => ranked.has(id))) {
      const row = await this.metrics.correctedLeaderAggregates(
        tx,
        leaderId,
        head.window,
        ownership,
      );
      if (row) {
        recomputed.set(leaderId, metricsFromAggregates(row.aggregates));
      }
    }
    const content: SnapshotContent = {
      definitionVersion: previous.definitionVersion,
      window: previous.window,
      items: correctedItems(previous.items, recomputed),
      supersedes: head.id,
      corrections,
    };
    const hash = snapshotHash(content);
    const snapshot = await this.snapshots.insert(
      {
        createdAt: request.at,
        createdBy: request.actor,
        name: head.name,
        definitionVersion: previous.definitionVersion,
        window: head.window,
        filters: head.filters,
        hash,
        content: snapshotCanonicalContent(content),
      },
      tx,
    );
    await this.snapshots.insertSupersession(tx, {
      snapshotId: snapshot.id,
      supersedes: head.id,
      appealId: request.appealId,
    });
    this.logger.info(
      {
        event: 'snapshot.corrected',
        snapshotId: snapshot.id,
        supersedes: head.id,
        appealId: request.appealId,
        leaders: [...recomputed.keys()],
        hash,
      },
      'corrected snapshot written',
    );
    return { snapshot: { ...snapshot, supersedes: head.id }, supersedes: head.id };
  }
}
