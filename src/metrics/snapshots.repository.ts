import { Injectable } from '@nestjs/common';
import { offsetOf, type Page, type PageRequest } from '../common/pagination';
import { Database, type Sql } from '../database/database';

export type SnapshotFilters = { regionCode: string | null; unit: string | null };

export type StoredSnapshot = {
  id: string;
  createdAt: Date;
  createdBy: string;
  name: string | null;
  definitionVersion: string;
  window: { from: Date; to: Date; asOf: Date };
  filters: SnapshotFilters;
  hash: string;
  /** The version this one corrects (null: a first version). */
  supersedes: string | null;
  /** The version that corrects this one, read from who supersedes it (the row is never updated). */
  supersededBy: string | null;
  /** When an admin made it public; null while unpublished. */
  publishedAt: Date | null;
};

export type NewSnapshot = Omit<
  StoredSnapshot,
  'id' | 'supersedes' | 'supersededBy' | 'publishedAt'
> & {
  content: string;
};

/** One version in a chain of corrections, oldest first. */
export type SnapshotVersion = {
  id: string;
  createdAt: Date;
  hash: string;
  /** The accepted appeal that produced it; null for the first version. */
  appealId: string | null;
};

type SnapshotRow = {
  id: string;
  created_at: Date;
  created_by: string;
  name: string | null;
  definition_version: string;
  window_from: Date;
  window_to: Date;
  as_of: Date;
  filters: SnapshotFilters | string;
  hash: string;
  supersedes: string | null;
  superseded_by: string | null;
  published_at: Date | null;
};

const COLUMNS =
  'id, created_at, created_by, name, definition_version, window_from, window_to, as_of, filters, hash';

const VIEW_COLUMNS = `s.id, s.created_at, s.created_by, s.name, s.definition_version, s.window_from,
  s.window_to, s.as_of, s.filters, s.hash, up.supersedes, down.snapshot_id AS superseded_by,
  pub.published_at`;

const VIEW_FROM = `snapshots s
  LEFT JOIN snapshot_supersessions up ON up.snapshot_id = s.id
  LEFT JOIN snapshot_supersessions down ON down.supersedes = s.id
  LEFT JOIN snapshot_publications pub ON pub.snapshot_id = s.id`;

/** Snapshots are insert-only; the table's trigger refuses UPDATE and DELETE. */
@Injectable()
export class SnapshotsRepository {
  constructor(private readonly db: Database) {}

  async insert(snapshot: NewSnapshot, sql: Sql = this.db): Promise<StoredSnapshot> {
    const rows = await sql.query<SnapshotRow>(
      `INSERT INTO snapshots (created_at, created_by, name, definition_version, window_from,
         window_to, as_of, filters, hash, content)
       VALUES ($1::timestamptz, $2, $3, $4, $5::timestamptz, $6::timestamptz, $7::timestamptz,
         $8::jsonb, $9, $10)
       RETURNING ${COLUMNS}`,
      [
        snapshot.createdAt.toISOString(),
        snapshot.createdBy,
        snapshot.name,
        snapshot.definitionVersion,
        snapshot.window.from.toISOString(),
        snapshot.window.to.toISOString(),
        snapshot.window.asOf.toISOString(),
        JSON.stringify(snapshot.filters),
        snapshot.hash,
        snapshot.content,
      ],
    );
    return toSnapshot({ ...rows[0], supersedes: null, superseded_by: null, published_at: null });
  }

  /** Records that `snapshotId` corrects `supersedes`; the unique key refuses a second successor. */
  async insertSupersession(
    sql: Sql,
    link: { snapshotId: string; supersedes: string; appealId: string },
  ): Promise<void> {
    await sql.execute(
      `INSERT INTO snapshot_supersessions (snapshot_id, supersedes, appeal_id)
       VALUES ($1::uuid, $2::uuid, $3::uuid)`,
      [link.snapshotId, link.supersedes, link.appealId],
    );
  }

  /** Every version linked to `id` by corrections, in both directions, oldest first. */
  async chainOf(id: string, sql: Sql = this.db): Promise<SnapshotVersion[]> {
    const rows = await sql.query<{
      id: string;
      created_at: Date;
      hash: string;
      appeal_id: string | null;
    }>(
      `WITH RECURSIVE back AS (
         SELECT $1::uuid AS id, 0 AS depth
         UNION ALL
         SELECT ss.supersedes, b.depth - 1 FROM back b
         JOIN snapshot_supersessions ss ON ss.snapshot_id = b.id
       ),
       forth AS (
         SELECT $1::uuid AS id, 0 AS depth
         UNION ALL
         SELECT ss.snapshot_id, f.depth + 1 FROM forth f
         JOIN snapshot_supersessions ss ON ss.supersedes = f.id
       ),
       chain AS (SELECT id, depth FROM back UNION SELECT id, depth FROM forth)
       SELECT s.id, s.created_at, s.hash, ss.appeal_id
       FROM chain JOIN snapshots s ON s.id = chain.id
       LEFT JOIN snapshot_supersessions ss ON ss.snapshot_id = s.id
       ORDER BY chain.depth`,
      [id],
    );
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      hash: row.hash,
      appealId: row.appeal_id,
    }));
  }

  async findWithContent(
    id: string,
    sql: Sql = this.db,
  ): Promise<(StoredSnapshot & { content: string }) | null> {
    const rows = await sql.query<SnapshotRow & { content: string }>(
      `SELECT ${VIEW_COLUMNS}, s.content FROM ${VIEW_FROM} WHERE s.id = $1::uuid`,
      [id],
    );
    return rows.length === 0 ? null : { ...toSnapshot(rows[0]), content: rows[0].content };
  }

  /** Newest first, without their content. */
  async list(page: PageRequest): Promise<Page<StoredSnapshot>> {
    const rows = await this.db.query<SnapshotRow>(
      `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM}
       ORDER BY s.created_at DESC, s.id DESC LIMIT $1 OFFSET $2`,
      [page.pageSize, offsetOf(page)],
    );
    const total = await this.db.query<{ total: unknown }>(
      `SELECT count(*)::int AS total FROM snapshots`,
    );
    return {
      items: rows.map(toSnapshot),
      total: Number(total[0].total),
      page: page.page,
      pageSize: page.pageSize,
    };
  }
}

function toSnapshot(row: SnapshotRow): StoredSnapshot {
  return {
    id: row.id,
    createdAt: row.created_at,
    createdBy: row.created_by,
    name: row.name,
    definitionVersion: row.definition_version,
    window: { from: row.window_from, to: row.window_to, asOf: row.as_of },
    filters:
      typeof row.filters === 'string' ? (JSON.parse(row.filters) as SnapshotFilters) : row.filters,
    hash: row.hash,
    supersedes: row.supersedes,
    supersededBy: row.superseded_by,
    publishedAt: row.published_at,
  };
}
