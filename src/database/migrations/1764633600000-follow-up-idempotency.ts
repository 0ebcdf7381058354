import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotent follow-ups: a client that retries `POST /cases/:id/follow-ups`
 * with the same `Idempotency-Key` gets the follow-up it already recorded
 * instead of a second one. The key is unique per case; the request's
 * fingerprint tells a true retry from a key reused for another request.
 */
export class FollowUpIdempotency1764633600000 implements MigrationInterface {
  name = 'FollowUpIdempotency1764633600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE follow_ups ADD COLUMN idempotency_key text,
        ADD COLUMN request_hash text,
        ADD CONSTRAINT follow_ups_idempotency_key_length
          CHECK (idempotency_key IS NULL OR length(idempotency_key) BETWEEN 1 AND 200),
        ADD CONSTRAINT follow_ups_key_has_hash
          CHECK (idempotency_key IS NULL OR request_hash IS NOT NULL);
      CREATE UNIQUE INDEX follow_ups_idempotency ON follow_ups (case_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX follow_ups_idempotency;
      ALTER TABLE follow_ups DROP CONSTRAINT follow_ups_key_has_hash,
        DROP CONSTRAINT follow_ups_idempotency_key_length,
        DROP COLUMN request_hash, DROP COLUMN idempotency_key;
    `);
  }
}
