import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every leader's number of cases, kept by the database as cases come and go:
 * the unfiltered backlog's total is read here instead of counted on every
 * page (for a leader with 100,000 cases, 15-30 ms of index scan per request
 * becomes one row). Triggers keep it, so every writer of cases (intake, a
 * seed, a repair by hand) keeps it right in the same transaction; a page and
 * its total are read in one snapshot. Inserts and deletes are counted once a
 * statement, grouped by leader in leader order (one lock a leader, taken in
 * the same order by every statement); a case moved to another leader moves
 * its count.
 */
export class LeaderCaseCounts1765600000000 implements MigrationInterface {
  name = 'LeaderCaseCounts1765600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE leader_case_counts (
        leader_id uuid PRIMARY KEY REFERENCES leaders (id),
        cases integer NOT NULL CHECK (cases >= 0)
      );

      CREATE FUNCTION leader_case_counts_add() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO leader_case_counts AS k (leader_id, cases)
          SELECT leader_id, count(*) FROM added GROUP BY leader_id ORDER BY leader_id
          ON CONFLICT (leader_id) DO UPDATE SET cases = k.cases + EXCLUDED.cases;
        RETURN NULL;
      END;
      $$;
      CREATE TRIGGER cases_counted_in
        AFTER INSERT ON cases REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION leader_case_counts_add();

      CREATE FUNCTION leader_case_counts_remove() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE leader_case_counts k SET cases = k.cases - r.n
          FROM (SELECT leader_id, count(*) AS n FROM removed GROUP BY leader_id ORDER BY leader_id) r
          WHERE k.leader_id = r.leader_id;
        RETURN NULL;
      END;
      $$;
      CREATE TRIGGER cases_counted_out
        AFTER DELETE ON cases REFERENCING OLD TABLE AS removed
        FOR EACH STATEMENT EXECUTE FUNCTION leader_case_counts_remove();

      CREATE FUNCTION leader_case_counts_move() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE leader_case_counts SET cases = cases - 1 WHERE leader_id = OLD.leader_id;
        INSERT INTO leader_case_counts AS k (leader_id, cases) VALUES (NEW.leader_id, 1)
          ON CONFLICT (leader_id) DO UPDATE SET cases = k.cases + 1;
        RETURN NULL;
      END;
      $$;
      CREATE TRIGGER cases_counted_moved
        AFTER UPDATE OF leader_id ON cases
        FOR EACH ROW WHEN (OLD.leader_id IS DISTINCT FROM NEW.leader_id)
        EXECUTE FUNCTION leader_case_counts_move();

      CREATE FUNCTION leader_case_counts_clear() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM leader_case_counts;
        RETURN NULL;
      END;
      $$;
      CREATE TRIGGER cases_counted_cleared
        AFTER TRUNCATE ON cases
        FOR EACH STATEMENT EXECUTE FUNCTION leader_case_counts_clear();

      INSERT INTO leader_case_counts (leader_id, cases)
        SELECT leader_id, count(*) FROM cases GROUP BY leader_id;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TRIGGER cases_counted_cleared ON cases;
      DROP TRIGGER cases_counted_moved ON cases;
      DROP TRIGGER cases_counted_out ON cases;
      DROP TRIGGER cases_counted_in ON cases;
      DROP FUNCTION leader_case_counts_clear(), leader_case_counts_move(),
        leader_case_counts_remove(), leader_case_counts_add();
      DROP TABLE leader_case_counts;
    `);
  }
}
