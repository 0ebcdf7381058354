import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appeals against a frozen snapshot, corrected snapshots and publication.
 * Snapshots stay insert-only: a correction is a new snapshot plus a row here
 * saying which one it supersedes (unique, so a chain never forks), and
 * `supersededBy` is read from that table, never written on the original.
 * An appeal is decided once: the trigger refuses any change to a decided
 * appeal and every delete. A publication is written once and never changed.
 */
export class AppealsAndPublication1765200000000 implements MigrationInterface {
  name = 'AppealsAndPublication1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE appeals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        snapshot_id uuid NOT NULL REFERENCES snapshots (id),
        leader_id uuid NOT NULL REFERENCES leaders (id),
        case_ids uuid[] NOT NULL CHECK (cardinality(case_ids) BETWEEN 1 AND 200),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        filed_by text NOT NULL,
        filed_at timestamptz NOT NULL,
        deadline timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'accepted', 'rejected')),
        decided_by text,
        decided_at timestamptz,
        decision_reason text CHECK (length(decision_reason) BETWEEN 1 AND 2000),
        corrections jsonb,
        corrected_snapshot_id uuid UNIQUE REFERENCES snapshots (id),
        CONSTRAINT appeals_decided_fields CHECK (
          (status = 'pending') = (decided_at IS NULL)
          AND (status = 'pending') = (decided_by IS NULL)
          AND (status = 'pending') = (decision_reason IS NULL)
          AND (status = 'accepted') = (corrected_snapshot_id IS NOT NULL)
        )
      );
      CREATE INDEX appeals_snapshot ON appeals (snapshot_id, filed_at);
      CREATE INDEX appeals_leader ON appeals (leader_id, filed_at);
      CREATE INDEX appeals_status ON appeals (status, filed_at);

      CREATE FUNCTION appeal_decided_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.status <> 'pending' THEN
          RAISE EXCEPTION 'appeals: % refused (an appeal is decided once and never deleted)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.id <> OLD.id OR NEW.snapshot_id <> OLD.snapshot_id
           OR NEW.leader_id <> OLD.leader_id OR NEW.case_ids <> OLD.case_ids
           OR NEW.reason <> OLD.reason OR NEW.filed_by <> OLD.filed_by
           OR NEW.filed_at <> OLD.filed_at OR NEW.deadline <> OLD.deadline THEN
          RAISE EXCEPTION 'appeals: what was filed cannot change'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END;
      $$;
      CREATE TRIGGER appeals_decided_once BEFORE UPDATE OR DELETE ON appeals
        FOR EACH ROW EXECUTE FUNCTION appeal_decided_once();

      CREATE TABLE snapshot_supersessions (
        snapshot_id uuid PRIMARY KEY REFERENCES snapshots (id),
        supersedes uuid NOT NULL UNIQUE REFERENCES snapshots (id),
        appeal_id uuid NOT NULL UNIQUE REFERENCES appeals (id),
        CONSTRAINT snapshot_supersessions_not_self CHECK (snapshot_id <> supersedes)
      );
      CREATE TRIGGER snapshot_supersessions_immutable BEFORE UPDATE OR DELETE
        ON snapshot_supersessions FOR EACH ROW EXECUTE FUNCTION refuse_change();

      CREATE TABLE snapshot_publications (
        snapshot_id uuid PRIMARY KEY REFERENCES snapshots (id),
        published_at timestamptz NOT NULL,
        published_by text NOT NULL
      );
      CREATE INDEX snapshot_publications_published_at
        ON snapshot_publications (published_at DESC, snapshot_id DESC);
      CREATE TRIGGER snapshot_publications_immutable BEFORE UPDATE OR DELETE
        ON snapshot_publications FOR EACH ROW EXECUTE FUNCTION refuse_change();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE snapshot_publications, snapshot_supersessions, appeals;
      DROP FUNCTION appeal_decided_once();
    `);
  }
}
