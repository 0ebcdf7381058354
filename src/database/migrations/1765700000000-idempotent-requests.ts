import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key beyond follow-ups: a survey, a snapshot, an appeal and a
 * publication retried with the same key get the first response again instead
 * of a second row. Their rows carry no key of their own, so the first
 * response is kept here, written in the same transaction as the row itself.
 * The key is unique within its scope (the case, the snapshot, the caller).
 */
export class IdempotentRequests1765700000000 implements MigrationInterface {
  name = 'IdempotentRequests1765700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotent_requests (
        scope text NOT NULL,
        idempotency_key text NOT NULL
          CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        request_hash text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
        response text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (scope, idempotency_key)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotent_requests;`);
  }
}
