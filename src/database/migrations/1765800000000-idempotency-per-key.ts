import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A follow-up's Idempotency-Key is unique per case and per API key (the
 * actor names the key), as every other keyed write's is: two clients that
 * happen to choose the same key on one case are two requests, and neither
 * is answered with the other's follow-up.
 */
export class IdempotencyPerKey1765800000000 implements MigrationInterface {
  name = 'IdempotencyPerKey1765800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX follow_ups_idempotency;
      CREATE UNIQUE INDEX follow_ups_idempotency ON follow_ups (case_id, actor, idempotency_key)
        WHERE idempotency_key IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX follow_ups_idempotency;
      CREATE UNIQUE INDEX follow_ups_idempotency ON follow_ups (case_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL;
    `);
  }
}
