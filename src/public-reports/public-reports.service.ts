import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { actorOf, type Principal } from '../auth/principal';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { NotFound } from '../common/domain-error';
import { LOGGER, type Logger } from '../common/logger';
import { Database } from '../database/database';
import { IdempotencyService } from '../idempotency/idempotency.service';
import type { SnapshotContent } from '../metrics/snapshot-format';
import { SnapshotsRepository } from '../metrics/snapshots.repository';
import { AlreadyPublished, SupersededNotPublishable } from './publication-errors';
import { buildPublicReport, publicCsv } from './public-report';
import { renderPublicReportHtml } from './public-report-html';
import { type Publication, PublicationsRepository } from './publications.repository';

export type ReportFormat = 'html' | 'json' | 'csv';

/** One representation of a public resource, with the validator a cache keeps. */
export type Representation = {
  contentType: string;
  body: string;
  etag: string;
  filename?: string;
  /** An HTTP Link header value: for the CSV, where its columns are defined. */
  link?: string;
};

@Injectable()
export class PublicReportsService {
  constructor(
    private readonly publications: PublicationsRepository,
    private readonly snapshots: SnapshotsRepository,
    private readonly audit: AuditService,
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Admin only (route); once per snapshot, and never a version that a
   * correction replaced. A retry with the same Idempotency-Key is the first
   * publication again, not a 409.
   */
  async publish(
    caller: Principal,
    snapshotId: string,
    idempotencyKey?: string,
  ): Promise<Publication> {
    const publishedBy = actorOf(caller);
    const keyed = {
      scope: `publish:${snapshotId}:${caller.keyId}`,
      scopeName: 'by this API key on this snapshot',
      key: idempotencyKey,
      content: { snapshotId },
    };
    const { result, replayed } = await this.db.transaction(async (tx) => {
      // Corrections are written under the chain's lock: none lands between the check and the write.
      await this.audit.lockChain(tx);
      return this.idempotency.once(tx, keyed, async () => {
        const snapshot = await this.snapshots.findWithContent(snapshotId, tx);
        if (!snapshot) {
          throw new NotFound('snapshot', snapshotId);
        }
        if (snapshot.publishedAt !== null) {
          throw new AlreadyPublished(snapshotId, snapshot.publishedAt);
        }
        if (snapshot.supersededBy !== null) {
          throw new SupersededNotPublishable(snapshotId, snapshot.supersededBy);
        }
        const written = await this.publications.insert(tx, {
          snapshotId,
          publishedAt: this.clock.now(),
          publishedBy,
        });
        if (!written) {
          throw new AlreadyPublished(snapshotId, this.clock.now());
        }
        await this.audit.append(tx, {
          actor: publishedBy,
          action: 'snapshot.published',
          caseId: null,
          leaderId: null,
          before: null,
          after: { snapshotId, hash: snapshot.hash, publishedAt: written.publishedAt },
        });
        return { publication: written, hash: snapshot.hash };
      });
    });
    if (!replayed) {
      this.logger.info(
        { event: 'snapshot.published', snapshotId, hash: result.hash, by: publishedBy },
        'snapshot published',
      );
    }
    return result.publication;
  }

  async list(page: { page: number; pageSize: number }): Promise<Representation> {
    const published = await this.publications.listPublished(page);
    const items = published.items.map((item) => ({
      ...item,
      url: `/public/reports/${item.id}`,
    }));
    return json({ ...published, items });
  }

  /** Unpublished and unknown look the same from outside: 404. */
  async report(id: string, format: ReportFormat): Promise<Representation> {
    const snapshot = await this.snapshots.findWithContent(id);
    if (!snapshot || snapshot.publishedAt === null) {
      throw new NotFound('report', id);
    }
    const content = JSON.parse(snapshot.content) as SnapshotContent;
    const report = buildPublicReport({
      id: snapshot.id,
      name: snapshot.name,
      createdAt: snapshot.createdAt,
      publishedAt: snapshot.publishedAt,
      hash: snapshot.hash,
      supersededBy: snapshot.supersededBy,
      content,
    });
    switch (format) {
      case 'json':
        return json(report);
      case 'csv':
        // The CSV stays the frozen table whose bytes csvSha256 states; its definitions are linked.
        return represent('text/csv; charset=utf-8', publicCsv(content), {
          filename: `minsheng-report-${snapshot.id}.csv`,
          link: `</public/reports/${snapshot.id}?format=json>; rel="describedby"; type="application/json"`,
        });
      case 'html':
        return represent('text/html; charset=utf-8', renderPublicReportHtml(report));
    }
  }
}

function json(value: unknown): Representation {
  return represent('application/json; charset=utf-8', JSON.stringify(value));
}

function represent(
  contentType: string,
  body: string,
  headers: { filename?: string; link?: string } = {},
): Representation {
  const digest = createHash('sha256').update(contentType).update('\n').update(body).digest('hex');
  return { contentType, body, etag: `"${digest.slice(0, 40)}"`, ...headers };
}
