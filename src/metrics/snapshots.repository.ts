import { Injectable } from '@nestjs/common';
import { offsetOf, type Page } from '../common/pagination';
import { Database } from '../database/database';

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
};

export type NewSnapshot = Omit<StoredSnapshot, 'id'> & { content: string };

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
};

const COLUMNS =
  'id, created_at, created_by, name, definition_version, window_from, window_to, as_of, filters, hash';

/** Snapshots are insert-only; the table's trigger refuses UPDATE and DELETE. */
@Injectable()
export class SnapshotsRepository {
  constructor(private readonly db: Database) {}

  async insert(snapshot: NewSnapshot): Promise<StoredSnapshot> {
    const rows = await this.db.query<SnapshotRow>(
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
    return toSnapshot(rows[0]);
  }

  async findWithContent(id: string): Promise<(StoredSnapshot & { content: string }) | null> {
    const rows = await this.db.query<SnapshotRow & { content: string }>(
      `SELECT ${COLUMNS}, content FROM snapshots WHERE id = $1::uuid`,
      [id],
    );
    return rows.length === 0 ? null : { ...toSnapshot(rows[0]), content: rows[0].content };
  }

  /** Newest first, without their content. */
  async list(page: { page: number; pageSize: number }): Promise<Page<StoredSnapshot>> {
    const rows = await this.db.query<SnapshotRow>(
      `SELECT ${COLUMNS} FROM snapshots ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`,
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
  };
}
