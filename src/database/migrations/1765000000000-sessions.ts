import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dashboard sessions: a browser trades an API key for a random session id
 * kept in an HttpOnly cookie. Only the id's SHA-256 is stored; a session
 * belongs to the key it was opened with and dies with it.
 */
export class Sessions1765000000000 implements MigrationInterface {
  name = 'Sessions1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sessions (
        id_hash text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
        api_key_id uuid NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        CHECK (last_used_at >= created_at),
        CHECK (expires_at > last_used_at)
      );
      CREATE INDEX sessions_expires_at ON sessions (expires_at);
      CREATE INDEX sessions_api_key_id ON sessions (api_key_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE sessions`);
  }
}
