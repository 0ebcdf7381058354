import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '../database/database';
import type { Principal, Role } from './principal';
import { offsetOf, type Page, type PageRequest } from '../common/pagination';

interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  leader_ids: string[];
  key_prefix: string;
  created_at: Date;
  revoked_at: Date | null;
}

export interface ApiKeySummary {
  id: string;
  name: string;
  role: Role;
  leaderIds: string[];
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

function toSummary(row: ApiKeyRow): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    leaderIds: row.leader_ids,
    keyPrefix: row.key_prefix,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly db: Database) {}

  /** Every request with a key asks this: a prepared read (Database.read). */
  async findActiveByHash(keyHash: string): Promise<Principal | null> {
    const rows = await this.db.read<ApiKeyRow>(
      `SELECT id, name, role, leader_ids FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [keyHash],
    );
    const row = rows[0];
    return row
      ? { keyId: row.id, name: row.name, role: row.role, leaderIds: row.leader_ids }
      : null;
  }

  async insert(
    key: { name: string; role: Role; leaderIds: string[]; keyHash: string; keyPrefix: string },
    at: Date,
    sql: Sql = this.db,
  ): Promise<ApiKeySummary> {
    const rows = await sql.query<ApiKeyRow>(
      `INSERT INTO api_keys (name, role, leader_ids, key_hash, key_prefix, created_at)
       VALUES ($1, $2, $3::uuid[], $4, $5, $6)
       ON CONFLICT (key_hash) DO UPDATE SET revoked_at = NULL, role = EXCLUDED.role
       RETURNING id, name, role, leader_ids, key_prefix, created_at, revoked_at`,
      [key.name, key.role, key.leaderIds, key.keyHash, key.keyPrefix, at],
    );
    return toSummary(rows[0]);
  }

  async list(page: PageRequest): Promise<Page<ApiKeySummary>> {
    const rows = await this.db.query<ApiKeyRow>(
      `SELECT id, name, role, leader_ids, key_prefix, created_at, revoked_at FROM api_keys
       ORDER BY created_at, id LIMIT $1 OFFSET $2`,
      [page.pageSize, offsetOf(page)],
    );
    const [{ total }] = await this.db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM api_keys`,
    );
    return { items: rows.map(toSummary), total, page: page.page, pageSize: page.pageSize };
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    return (
      (await this.db.execute(
        `UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`,
        [id, at],
      )) > 0
    );
  }

  async countActiveAdmins(): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL`,
    );
    return rows[0].n;
  }

  async countExistingLeaders(ids: string[]): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM leaders WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows[0].n;
  }
}
