import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Re-classification jobs as the rules API runs them: a job that a newer
 * ruleset replaces mid-way ends `superseded`; a job is held by one instance
 * at a time through a lease on its row (an instance that dies leaves it to
 * be resumed when the lease expires); at most one job is unfinished; the
 * case work each job did is counted.
 */
export class ReclassificationJobs1764723600000 implements MigrationInterface {
  name = 'ReclassificationJobs1764723600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE reclassification_jobs DROP CONSTRAINT reclassification_jobs_status_check,
        ADD CONSTRAINT reclassification_jobs_status_check
          CHECK (status IN ('queued', 'running', 'done', 'failed', 'superseded')),
        ADD COLUMN created_by text NOT NULL DEFAULT 'system',
        ADD COLUMN cases_updated integer NOT NULL DEFAULT 0,
        ADD COLUMN cases_opened integer NOT NULL DEFAULT 0,
        ADD COLUMN lease_owner text,
        ADD COLUMN lease_expires_at timestamptz;
      CREATE UNIQUE INDEX reclassification_jobs_one_unfinished ON reclassification_jobs ((true))
        WHERE status IN ('queued', 'running');
      CREATE INDEX reclassification_jobs_created ON reclassification_jobs (created_at DESC);
      CREATE INDEX classification_changes_comment ON classification_changes (comment_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX classification_changes_comment;
      DROP INDEX reclassification_jobs_created;
      DROP INDEX reclassification_jobs_one_unfinished;
      UPDATE reclassification_jobs SET status = 'failed' WHERE status = 'superseded';
      ALTER TABLE reclassification_jobs DROP COLUMN lease_expires_at, DROP COLUMN lease_owner,
        DROP COLUMN cases_opened, DROP COLUMN cases_updated, DROP COLUMN created_by,
        DROP CONSTRAINT reclassification_jobs_status_check,
        ADD CONSTRAINT reclassification_jobs_status_check
          CHECK (status IN ('queued', 'running', 'done', 'failed'));
    `);
  }
}
