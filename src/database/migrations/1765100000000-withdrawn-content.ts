import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Withdrawn content (SPEC 9): a comment or reply is never deleted from the
 * store; when complete re-reads of its post stop finding it, `missed_at`
 * records the first re-read that missed it, and a second consecutive miss
 * sets `withdrawn_at` to that same instant. `reappeared_at` records a
 * withdrawn comment found again (the record keeps that it was withdrawn).
 * A post remembers how many comments its last complete read found and how
 * many Weibo reported then, so a re-read whose coverage is lower (Weibo
 * serving a shorter list than its own count) concludes nothing.
 */
export class WithdrawnContent1765100000000 implements MigrationInterface {
  name = 'WithdrawnContent1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE comments ADD COLUMN missed_at timestamptz,
        ADD COLUMN withdrawn_at timestamptz,
        ADD COLUMN reappeared_at timestamptz,
        ADD CONSTRAINT comments_withdrawn_after_missed
          CHECK (withdrawn_at IS NULL OR missed_at IS NOT NULL);
      CREATE INDEX comments_withdrawn ON comments (leader_id, withdrawn_at) WHERE withdrawn_at IS NOT NULL;
      ALTER TABLE posts ADD COLUMN last_complete_read_at timestamptz,
        ADD COLUMN last_complete_seen integer CHECK (last_complete_seen >= 0),
        ADD COLUMN last_complete_reported integer CHECK (last_complete_reported >= 0);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE posts DROP COLUMN last_complete_reported, DROP COLUMN last_complete_seen, DROP COLUMN last_complete_read_at;
      DROP INDEX comments_withdrawn;
      ALTER TABLE comments DROP CONSTRAINT comments_withdrawn_after_missed,
        DROP COLUMN reappeared_at, DROP COLUMN withdrawn_at, DROP COLUMN missed_at;
    `);
  }
}
