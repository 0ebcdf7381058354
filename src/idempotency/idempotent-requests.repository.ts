import { Injectable } from '@nestjs/common';
import type { Sql } from '../database/database';

/** The first response to a keyed request, as it was sent. */
export interface RememberedResponse {
  requestHash: string;
  /** The response body, JSON as it was first serialised. */
  response: string;
}

@Injectable()
export class IdempotentRequestsRepository {
  /**
   * Serialises every request with this key in this scope until the
   * transaction ends (concurrent retries wait, then find the first one's
   * response), and reads what the first of them stored, if any.
   */
  async claim(tx: Sql, scope: string, key: string): Promise<RememberedResponse | null> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('idempotency:' || $1 || ':' || $2))`, [
      scope,
      key,
    ]);
    return this.find(tx, scope, key);
  }

  /** What a committed request with this key stored, if any; takes no lock. */
  async find(sql: Sql, scope: string, key: string): Promise<RememberedResponse | null> {
    const rows = await sql.query<{ request_hash: string; response: string }>(
      `SELECT request_hash, response FROM idempotent_requests
        WHERE scope = $1 AND idempotency_key = $2`,
      [scope, key],
    );
    return rows[0] ? { requestHash: rows[0].request_hash, response: rows[0].response } : null;
  }

  async remember(
    tx: Sql,
    entry: { scope: string; key: string; requestHash: string; response: string; at: Date },
  ): Promise<void> {
    await tx.execute(
      `INSERT INTO idempotent_requests (scope, idempotency_key, request_hash, response, created_at)
       VALUES ($1, $2, $3, $4, $5::timestamptz)`,
      [entry.scope, entry.key, entry.requestHash, entry.response, entry.at.toISOString()],
    );
  }
}
