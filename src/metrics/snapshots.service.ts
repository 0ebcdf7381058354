import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { actorOf, type Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { NotFound } from '../common/domain-error';
import { LOGGER, type Logger } from '../common/logger';
import { Database, type Sql } from '../database/database';
import { IdempotencyService } from '../idempotency/idempotency.service';
import type { Page, PageRequest } from '../common/pagination';
import { DEFINITION_VERSION } from './metric-formulas';
import { requireFreezableWindow, resolveMetricWindow, type WindowRequest } from './metric-window';
import { MetricsService } from './metrics.service';
import {
  type SnapshotContent,
  snapshotCanonicalContent,
  snapshotHash,
  snapshotToCsv,
} from './snapshot-format';
import {
  type SnapshotFilters,
  type SnapshotVersion,
  SnapshotsRepository,
  type StoredSnapshot,
} from './snapshots.repository';

export type SnapshotRequest = WindowRequest & { regionCode?: string; unit?: string; name?: string };

/** What a client reads: the row's own fields, then exactly the hashed content. */
export type SnapshotResponse = Omit<StoredSnapshot, 'window'> &
  Omit<SnapshotContent, 'supersedes'> & {
    /** Whether the stored content still hashes to `hash` (the table refuses edits; this shows it). */
    verified: boolean;
    /** Every version of this appraisal, oldest first (the first version alone when never corrected). */
    chain: SnapshotVersion[];
  };

export type SnapshotSummary = StoredSnapshot;

type FrozenRanking = {
  filters: SnapshotFilters;
  window: StoredSnapshot['window'];
  content: SnapshotContent;
};

@Injectable()
export class SnapshotsService {
  constructor(
    private readonly metrics: MetricsService,
    private readonly snapshots: SnapshotsRepository,
    private readonly clock: Clock,
    private readonly db: Database,
    private readonly idempotency: IdempotencyService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Freezes the full ranking (every page) with its canonical content and
   * SHA-256, once per Idempotency-Key of the calling key: a retry is the
   * snapshot already frozen, not a second one.
   */
  async create(
    caller: Principal,
    request: SnapshotRequest,
    idempotencyKey?: string,
  ): Promise<SnapshotResponse> {
    const now = this.clock.now();
    const window = resolveMetricWindow(request, now);
    requireFreezableWindow(window, now);
    const keyed = {
      scope: `snapshots:${caller.keyId}`,
      scopeName: 'by this API key for a snapshot',
      key: idempotencyKey,
      content: {
        // The window as sent: a default one moves with the clock, and a
        // retry of the same request must match its first sending.
        from: request.from === undefined ? null : window.from.toISOString(),
        to: request.to === undefined ? null : window.to.toISOString(),
        asOf: request.asOf === undefined ? null : window.asOf.toISOString(),
        regionCode: request.regionCode ?? null,
        unit: request.unit ?? null,
        name: request.name ?? null,
      },
    };
    // A retry after a timeout is the common case: answer it before freezing again.
    const earlier = await this.idempotency.replay<SnapshotResponse>(this.db, keyed);
    if (earlier !== null) {
      return earlier;
    }
    // The ranking is read before the transaction: it reads through the pool.
    const frozen = await this.freeze(request);
    const { result, replayed } = await this.db.transaction((tx) =>
      this.idempotency.once(tx, keyed, () => this.store(tx, caller, request, frozen)),
    );
    if (!replayed) {
      this.logger.info(
        {
          event: 'snapshot.created',
          snapshotId: result.id,
          leaders: result.items.length,
          hash: result.hash,
          by: result.createdBy,
          ...frozen.filters,
        },
        'snapshot created',
      );
    }
    return result;
  }

  private async freeze(request: SnapshotRequest): Promise<FrozenRanking> {
    const filters = { regionCode: request.regionCode ?? null, unit: request.unit ?? null };
    const ranking = await this.metrics.fullRanking(request, {
      regionCode: request.regionCode,
      unit: request.unit,
    });
    const content: SnapshotContent = {
      definitionVersion: DEFINITION_VERSION,
      window: {
        from: ranking.window.from.toISOString(),
        to: ranking.window.to.toISOString(),
        asOf: ranking.window.asOf.toISOString(),
      },
      items: ranking.items,
    };
    return { filters, window: ranking.window, content };
  }

  private async store(
    tx: Sql,
    caller: Principal,
    request: SnapshotRequest,
    { filters, window, content }: FrozenRanking,
  ): Promise<SnapshotResponse> {
    const hash = snapshotHash(content);
    const stored = await this.snapshots.insert(
      {
        createdAt: this.clock.now(),
        createdBy: actorOf(caller),
        name: request.name ?? null,
        definitionVersion: DEFINITION_VERSION,
        window,
        filters,
        hash,
        content: snapshotCanonicalContent(content),
      },
      tx,
    );
    return {
      ...withoutWindow(stored),
      ...content,
      corrections: [],
      verified: true,
      chain: [{ id: stored.id, createdAt: stored.createdAt, hash, appealId: null }],
    };
  }

  async get(id: string): Promise<SnapshotResponse> {
    const stored = await this.snapshots.findWithContent(id);
    if (!stored) {
      throw new NotFound('snapshot', id);
    }
    const { content, ...row } = stored;
    const verified = createHash('sha256').update(content, 'utf8').digest('hex') === row.hash;
    if (!verified) {
      this.logger.error(
        { event: 'snapshot.hash_mismatch', snapshotId: id },
        'stored snapshot no longer matches its hash',
      );
    }
    const { supersedes: _supersedes, ...frozen } = JSON.parse(content) as SnapshotContent;
    const chain = await this.snapshots.chainOf(id);
    return { ...withoutWindow(row), corrections: [], ...frozen, verified, chain };
  }

  async csv(id: string): Promise<string> {
    const { definitionVersion, window, items } = await this.get(id);
    return snapshotToCsv({ definitionVersion, window, items });
  }

  list(page: PageRequest): Promise<Page<SnapshotSummary>> {
    return this.snapshots.list(page);
  }
}

function withoutWindow(row: StoredSnapshot): Omit<StoredSnapshot, 'window'> {
  const { window: _window, ...rest } = row;
  return rest;
}
