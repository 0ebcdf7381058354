import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the metric queries (src/metrics/metrics.repository.ts) need to stay
 * fast at 10,000 leaders and 1,000,000 cases (bench/metrics.bench.ts), and
 * the optional name of a snapshot. No rollups of figures: every figure is
 * still counted from the rows, exactly, for any window and asOf.
 *
 * Two copies are kept by the database itself, so no writer can get them
 * wrong: a survey carries its case's leader and opening time (the latest
 * survey per case of one leader and window is then one index range, not a
 * probe per case), and a classification's leader_id is always its
 * comment's (so a leader's spam is one index range, not a probe per comment).
 */
export class MetricsIndexes1764547200000 implements MigrationInterface {
  name = 'MetricsIndexes1764547200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- Case figures from the index alone (index-only scan): every column the
      -- aggregate reads, keyed by the window predicate.
      CREATE INDEX cases_metrics ON cases (leader_id, opened_at)
        INCLUDE (acknowledge_deadline, first_response_at, first_response_by, resolved_at,
                 closed_at);

      -- received = citizen comments in the window − the spam among them.
      CREATE INDEX comments_citizen_created ON comments (leader_id, created_at) INCLUDE (id)
        WHERE NOT by_leader;
      CREATE INDEX classifications_spam ON classifications (leader_id) INCLUDE (comment_id)
        WHERE kind = 'spam';

      CREATE FUNCTION classification_leader_from_comment() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        SELECT leader_id INTO NEW.leader_id FROM comments WHERE id = NEW.comment_id;
        RETURN NEW;
      END;
      $$;
      CREATE TRIGGER classifications_leader_from_comment
        BEFORE INSERT OR UPDATE OF comment_id, leader_id ON classifications
        FOR EACH ROW EXECUTE FUNCTION classification_leader_from_comment();
      UPDATE classifications cl SET leader_id = cm.leader_id
        FROM comments cm WHERE cm.id = cl.comment_id AND cl.leader_id <> cm.leader_id;

      CREATE FUNCTION comment_leader_to_classification() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE classifications SET leader_id = NEW.leader_id WHERE comment_id = NEW.id;
        RETURN NULL;
      END;
      $$;
      CREATE TRIGGER comments_leader_to_classification
        AFTER UPDATE OF leader_id ON comments
        FOR EACH ROW WHEN (OLD.leader_id IS DISTINCT FROM NEW.leader_id)
        EXECUTE FUNCTION comment_leader_to_classification();

      -- Surveys: the case's leader and opening time, copied on insert and
      -- followed should the case ever change.
      ALTER TABLE satisfaction_surveys ADD COLUMN leader_id uuid,
        ADD COLUMN case_opened_at timestamptz;
      CREATE FUNCTION satisfaction_survey_from_case() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        SELECT leader_id, opened_at INTO NEW.leader_id, NEW.case_opened_at
          FROM cases WHERE id = NEW.case_id;
        RETURN NEW;
      END;
      $$;
      CREATE TRIGGER satisfaction_surveys_from_case
        BEFORE INSERT OR UPDATE OF case_id, leader_id, case_opened_at ON satisfaction_surveys
        FOR EACH ROW EXECUTE FUNCTION satisfaction_survey_from_case();
      UPDATE satisfaction_surveys s SET leader_id = c.leader_id, case_opened_at = c.opened_at
        FROM cases c WHERE c.id = s.case_id;
      ALTER TABLE satisfaction_surveys ALTER COLUMN leader_id SET NOT NULL,
        ALTER COLUMN case_opened_at SET NOT NULL;

      CREATE FUNCTION case_to_satisfaction_surveys() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE satisfaction_surveys SET leader_id = NEW.leader_id, case_opened_at = NEW.opened_at
          WHERE case_id = NEW.id;
        RETURN NULL;
      END;
      $$;
      CREATE TRIGGER cases_to_satisfaction_surveys
        AFTER UPDATE OF leader_id, opened_at ON cases
        FOR EACH ROW WHEN (OLD.leader_id IS DISTINCT FROM NEW.leader_id
                           OR OLD.opened_at IS DISTINCT FROM NEW.opened_at)
        EXECUTE FUNCTION case_to_satisfaction_surveys();

      CREATE INDEX satisfaction_surveys_metrics ON satisfaction_surveys (leader_id, case_opened_at)
        INCLUDE (case_id, recorded_at, id, score);

      -- Adding a nullable column rewrites no row: the immutability trigger is untouched.
      ALTER TABLE snapshots ADD COLUMN name text;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE snapshots DROP COLUMN name;
      DROP TRIGGER cases_to_satisfaction_surveys ON cases;
      DROP TRIGGER satisfaction_surveys_from_case ON satisfaction_surveys;
      DROP TRIGGER comments_leader_to_classification ON comments;
      DROP TRIGGER classifications_leader_from_comment ON classifications;
      DROP FUNCTION case_to_satisfaction_surveys(), satisfaction_survey_from_case(),
        comment_leader_to_classification(), classification_leader_from_comment();
      DROP INDEX satisfaction_surveys_metrics, classifications_spam, comments_citizen_created,
        cases_metrics;
      ALTER TABLE satisfaction_surveys DROP COLUMN case_opened_at, DROP COLUMN leader_id;
    `);
  }
}
