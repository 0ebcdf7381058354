import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { Principal, Role } from './principal';

interface SessionPrincipalRow {
  id: string;
  name: string;
  role: Role;
  leader_ids: string[];
}

@Injectable()
export class SessionsRepository {
  constructor(private readonly db: Database) {}

  async insert(session: {
    idHash: string;
    apiKeyId: string;
    at: Date;
    expiresAt: Date;
  }): Promise<void> {
    await this.db.execute(
      `INSERT INTO sessions (id_hash, api_key_id, created_at, last_used_at, expires_at)
       VALUES ($1, $2, $3, $3, $4)`,
      [session.idHash, session.apiKeyId, session.at, session.expiresAt],
    );
  }

  /**
   * The principal of a live session whose key is not revoked, sliding its
   * expiry forward in the same statement (never back: concurrent requests
   * of one page may land out of order); null when it is unknown, expired or
   * its key was revoked.
   */
  async touch(idHash: string, at: Date, expiresAt: Date): Promise<Principal | null> {
    const rows = await this.db.query<SessionPrincipalRow>(
      `UPDATE sessions s
          SET last_used_at = GREATEST(s.last_used_at, $2), expires_at = GREATEST(s.expires_at, $3)
         FROM api_keys k
        WHERE s.id_hash = $1 AND s.expires_at > $2
          AND k.id = s.api_key_id AND k.revoked_at IS NULL
        RETURNING k.id, k.name, k.role, k.leader_ids`,
      [idHash, at, expiresAt],
    );
    const row = rows[0];
    return row
      ? { keyId: row.id, name: row.name, role: row.role, leaderIds: row.leader_ids }
      : null;
  }

  async delete(idHash: string): Promise<void> {
    await this.db.execute(`DELETE FROM sessions WHERE id_hash = $1`, [idHash]);
  }

  async deleteExpired(at: Date): Promise<number> {
    return this.db.execute(`DELETE FROM sessions WHERE expires_at <= $1`, [at]);
  }
}
