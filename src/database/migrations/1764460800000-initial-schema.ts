import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole schema of minsheng's first release. Constraints that keep the
 * record right live here: Weibo ids as primary keys (nothing doubled), one
 * case per message, checked statuses, and an append-only audit table.
 */
export class InitialSchema1764460800000 implements MigrationInterface {
  name = 'InitialSchema1764460800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE leaders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        title text NOT NULL DEFAULT '',
        unit text NOT NULL DEFAULT '',
        region_code text NOT NULL DEFAULT '',
        weibo_uid text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deactivated_at timestamptz,
        CONSTRAINT leaders_weibo_uid_unique UNIQUE (weibo_uid)
      );
      CREATE INDEX leaders_region_unit ON leaders (region_code, unit);

      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'leader', 'staff', 'auditor', 'evaluator')),
        key_hash text NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        leader_ids uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );

      CREATE TABLE feeds (
        leader_id uuid PRIMARY KEY REFERENCES leaders (id),
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'ok', 'failing', 'empty', 'inactive')),
        next_poll_at timestamptz NOT NULL DEFAULT now(),
        lease_owner text,
        lease_expires_at timestamptz,
        consecutive_failures integer NOT NULL DEFAULT 0,
        last_error text,
        last_error_at timestamptz,
        last_success_at timestamptz,
        backoff_until timestamptz,
        backfilled_at timestamptz,
        polls integer NOT NULL DEFAULT 0
      );
      CREATE INDEX feeds_due ON feeds (next_poll_at) WHERE status <> 'inactive';

      CREATE TABLE posts (
        id text PRIMARY KEY,
        leader_id uuid NOT NULL REFERENCES leaders (id),
        mid text NOT NULL,
        bid text,
        author_uid text NOT NULL,
        text text NOT NULL,
        html text NOT NULL,
        created_at timestamptz NOT NULL,
        is_long_text boolean NOT NULL DEFAULT false,
        pinned boolean NOT NULL DEFAULT false,
        comments_reported integer NOT NULL DEFAULT 0,
        comments_held integer NOT NULL DEFAULT 0,
        reposts_count integer NOT NULL DEFAULT 0,
        attitudes_count integer NOT NULL DEFAULT 0,
        raw jsonb NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_read_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX posts_leader_created ON posts (leader_id, created_at);

      CREATE TABLE comments (
        id text PRIMARY KEY,
        post_id text NOT NULL REFERENCES posts (id),
        leader_id uuid NOT NULL REFERENCES leaders (id),
        root_id text NOT NULL,
        parent_id text,
        author_uid text NOT NULL,
        author_name text NOT NULL DEFAULT '',
        text text NOT NULL,
        html text NOT NULL,
        created_at timestamptz NOT NULL,
        source text,
        like_count integer NOT NULL DEFAULT 0,
        reply_count integer NOT NULL DEFAULT 0,
        by_leader boolean NOT NULL,
        raw jsonb NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX comments_post ON comments (post_id);
      CREATE INDEX comments_root ON comments (root_id);
      CREATE INDEX comments_leader_created ON comments (leader_id, created_at);

      CREATE TABLE rulesets (
        version text PRIMARY KEY,
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        active boolean NOT NULL DEFAULT false
      );
      CREATE UNIQUE INDEX rulesets_one_active ON rulesets (active) WHERE active;

      CREATE TABLE classifications (
        comment_id text PRIMARY KEY REFERENCES comments (id),
        leader_id uuid NOT NULL REFERENCES leaders (id),
        kind text NOT NULL
          CHECK (kind IN ('complaint', 'help', 'inquiry', 'suggestion', 'praise', 'other', 'spam')),
        category text NOT NULL,
        actionable boolean NOT NULL,
        score double precision NOT NULL,
        matches jsonb NOT NULL,
        tokens jsonb NOT NULL,
        ruleset_version text NOT NULL,
        classified_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX classifications_leader ON classifications (leader_id, kind);

      CREATE TABLE reclassification_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ruleset_version text NOT NULL REFERENCES rulesets (version),
        status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        total integer NOT NULL DEFAULT 0,
        processed integer NOT NULL DEFAULT 0,
        changed integer NOT NULL DEFAULT 0,
        last_comment_id text,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      );

      CREATE TABLE classification_changes (
        id bigserial PRIMARY KEY,
        job_id uuid NOT NULL REFERENCES reclassification_jobs (id),
        comment_id text NOT NULL REFERENCES comments (id),
        before jsonb NOT NULL,
        after jsonb NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (job_id, comment_id)
      );

      CREATE TABLE calendar_years (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL
      );

      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        leader_id uuid NOT NULL REFERENCES leaders (id),
        comment_id text NOT NULL REFERENCES comments (id),
        status text NOT NULL CHECK (status IN ('open', 'responded', 'resolved', 'closed')),
        outcome text CHECK (outcome IN ('resolved', 'referred', 'not_actionable', 'duplicate')),
        kind text NOT NULL,
        category text NOT NULL,
        opened_at timestamptz NOT NULL,
        acknowledge_deadline timestamptz NOT NULL,
        resolve_deadline timestamptz NOT NULL,
        first_response_at timestamptz,
        first_response_by text CHECK (first_response_by IN ('leader', 'staff')),
        first_response_ref text,
        first_response_substantive boolean,
        resolved_at timestamptz,
        closed_at timestamptz,
        referred_to text,
        duplicate_of uuid REFERENCES cases (id),
        satisfaction_level text CHECK (satisfaction_level IN ('满意', '较满意', '一般', '不满意')),
        satisfaction_score integer,
        satisfaction_at timestamptz,
        satisfaction_signal text CHECK (satisfaction_signal IN ('thanks', 'complaint_again')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cases_one_per_comment UNIQUE (comment_id),
        CONSTRAINT cases_outcome_matches_status CHECK (
          (status IN ('open', 'responded') AND outcome IS NULL)
          OR (status = 'resolved' AND outcome = 'resolved')
          OR (status = 'closed' AND outcome IN ('referred', 'not_actionable', 'duplicate'))
        )
      );
      CREATE INDEX cases_leader_opened ON cases (leader_id, opened_at);
      CREATE INDEX cases_leader_backlog ON cases (leader_id, acknowledge_deadline);

      CREATE TABLE follow_ups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        type text NOT NULL
          CHECK (type IN ('note', 'responded', 'resolved', 'referred', 'not_actionable', 'duplicate')),
        text text NOT NULL,
        evidence_url text,
        referred_to text,
        duplicate_of uuid REFERENCES cases (id),
        actor text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX follow_ups_case ON follow_ups (case_id, recorded_at);

      CREATE TABLE satisfaction_surveys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        level text NOT NULL CHECK (level IN ('满意', '较满意', '一般', '不满意')),
        score integer NOT NULL CHECK (score IN (0, 50, 75, 100)),
        channel text NOT NULL CHECK (channel IN ('callback', 'sms', 'weibo')),
        actor text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX satisfaction_surveys_case ON satisfaction_surveys (case_id, recorded_at);

      CREATE TABLE audit_events (
        seq bigint PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        case_id uuid,
        leader_id uuid,
        before jsonb,
        after jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE INDEX audit_events_case ON audit_events (case_id, seq);
      CREATE INDEX audit_events_leader ON audit_events (leader_id, seq);

      -- The chain's head: appenders lock this one row, so events get their seq
      -- and previous hash one at a time, even across service instances.
      CREATE TABLE audit_head (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        seq bigint NOT NULL,
        hash text NOT NULL
      );
      INSERT INTO audit_head (id, seq, hash) VALUES (true, 0, repeat('0', 64));

      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END;
      $$;
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

      CREATE TABLE snapshots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        definition_version text NOT NULL,
        window_from timestamptz NOT NULL,
        window_to timestamptz NOT NULL,
        as_of timestamptz NOT NULL,
        filters jsonb NOT NULL,
        hash text NOT NULL,
        content text NOT NULL
      );
      CREATE TRIGGER snapshots_immutable BEFORE UPDATE OR DELETE ON snapshots
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE snapshots, audit_head, audit_events, satisfaction_surveys, follow_ups, cases,
        calendar_years, classification_changes, reclassification_jobs, classifications, rulesets,
        comments, posts, feeds, api_keys, leaders;
      DROP FUNCTION refuse_change();
    `);
  }
}
