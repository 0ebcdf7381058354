import { Injectable } from '@nestjs/common';
import { offsetOf, type Page } from '../common/pagination';
import { Database, type Sql } from '../database/database';

export type Publication = { snapshotId: string; publishedAt: Date; publishedBy: string };

/** A published snapshot as the public list shows it (no content). */
export type PublishedSummary = {
  id: string;
  name: string | null;
  createdAt: Date;
  publishedAt: Date;
  definitionVersion: string;
  window: { from: Date; to: Date; asOf: Date };
  hash: string;
  supersedes: string | null;
  supersededBy: string | null;
};

type SummaryRow = {
  id: string;
  name: string | null;
  created_at: Date;
  published_at: Date;
  definition_version: string;
  window_from: Date;
  window_to: Date;
  as_of: Date;
  hash: string;
  supersedes: string | null;
  superseded_by: string | null;
};

/** Publications are written once; the table's trigger refuses UPDATE and DELETE. */
@Injectable()
export class PublicationsRepository {
  constructor(private readonly db: Database) {}

  /** null when the snapshot was published already. */
  async insert(tx: Sql, publication: Publication): Promise<Publication | null> {
    const rows = await tx.query<{ snapshot_id: string; published_at: Date; published_by: string }>(
      `INSERT INTO snapshot_publications (snapshot_id, published_at, published_by)
       VALUES ($1::uuid, $2::timestamptz, $3)
       ON CONFLICT (snapshot_id) DO NOTHING
       RETURNING snapshot_id, published_at, published_by`,
      [publication.snapshotId, publication.publishedAt.toISOString(), publication.publishedBy],
    );
    return rows.length === 0
      ? null
      : {
          snapshotId: rows[0].snapshot_id,
          publishedAt: rows[0].published_at,
          publishedBy: rows[0].published_by,
        };
  }

  async find(snapshotId: string): Promise<Publication | null> {
    const rows = await this.db.query<{ published_at: Date; published_by: string }>(
      `SELECT published_at, published_by FROM snapshot_publications WHERE snapshot_id = $1::uuid`,
      [snapshotId],
    );
    return rows.length === 0
      ? null
      : { snapshotId, publishedAt: rows[0].published_at, publishedBy: rows[0].published_by };
  }

  /** Newest publication first. */
  async listPublished(page: { page: number; pageSize: number }): Promise<Page<PublishedSummary>> {
    const rows = await this.db.query<SummaryRow>(
      `SELECT s.id, s.name, s.created_at, pub.published_at, s.definition_version, s.window_from,
              s.window_to, s.as_of, s.hash, up.supersedes, down.snapshot_id AS superseded_by
       FROM snapshot_publications pub
       JOIN snapshots s ON s.id = pub.snapshot_id
       LEFT JOIN snapshot_supersessions up ON up.snapshot_id = s.id
       LEFT JOIN snapshot_supersessions down ON down.supersedes = s.id
       ORDER BY pub.published_at DESC, s.id DESC LIMIT $1 OFFSET $2`,
      [page.pageSize, offsetOf(page)],
    );
    const total = await this.db.query<{ total: unknown }>(
      `SELECT count(*)::int AS total FROM snapshot_publications`,
    );
    return {
      items: rows.map((row) => ({
        id: row.id,
        name: row.name,
        createdAt: row.created_at,
        publishedAt: row.published_at,
        definitionVersion: row.definition_version,
        window: { from: row.window_from, to: row.window_to, asOf: row.as_of },
        hash: row.hash,
        supersedes: row.supersedes,
        supersededBy: row.superseded_by,
      })),
      total: Number(total[0].total),
      page: page.page,
      pageSize: page.pageSize,
    };
  }
}
