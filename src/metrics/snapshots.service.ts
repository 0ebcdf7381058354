import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { actorOf, type Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { NotFound } from '../common/domain-error';
import { LOGGER, type Logger } from '../common/logger';
import type { Page, PageRequest } from '../common/pagination';
import { DEFINITION_VERSION } from './metric-formulas';
import type { WindowRequest } from './metric-window';
import { MetricsService } from './metrics.service';
import {
  type SnapshotContent,
  snapshotCanonicalContent,
  snapshotHash,
  snapshotToCsv,
} from './snapshot-format';
import {
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

@Injectable()
export class SnapshotsService {
  constructor(
    private readonly metrics: MetricsService,
    private readonly snapshots: SnapshotsRepository,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Freezes the full ranking (every page) with its canonical content and SHA-256. */
  async create(caller: Principal, request: SnapshotRequest): Promise<SnapshotResponse> {
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
    const hash = snapshotHash(content);
    const stored = await this.snapshots.insert({
      createdAt: this.clock.now(),
      createdBy: actorOf(caller),
      name: request.name ?? null,
      definitionVersion: DEFINITION_VERSION,
      window: ranking.window,
      filters,
      hash,
      content: snapshotCanonicalContent(content),
    });
    this.logger.info(
      {
        event: 'snapshot.created',
        snapshotId: stored.id,
        leaders: content.items.length,
        hash,
        by: stored.createdBy,
        ...filters,
      },
      'snapshot created',
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
