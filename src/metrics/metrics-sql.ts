/**
 * The SQL of the metrics repository: SPEC section 5 (definition v1) counted
 * in the database. Parameters: $1 from, $2 to, $3 asOf, then $4 the leader
 * id (one leader) or $4 regionCode, $5 unit (ranking). Result: one row per
 * leader in scope, columns as AggregateRow in metrics.repository.ts.
 */

/**
 * SPEC section 5 as one set-based statement. Parameters: $1 from, $2 to,
 * $3 asOf (all timestamptz); the scope CTE and `leaderIn` choose the leaders.
 * Each CTE mirrors a line of metric-formulas.ts; the SQL only counts, it
 * never rounds: metricsFromAggregates does that for both paths.
 *
 * - Instants compare as timestamptz (exact); "as of asOf" is `<= $3`.
 * - Backlog ages use hour intervals, never '1 day', which would follow the
 *   session time zone's DST rules.
 * - Response durations are sorted as intervals (a timestamptz difference
 *   compares exactly, by microseconds), clamped at 0; percentile_disc is the
 *   nearest-rank percentile (ceil(p·n), at least 1), ignores NULLs, and takes
 *   both ranks in one sort. Only the two chosen durations become whole
 *   milliseconds, floored, as the pure path computes them from JS Dates.
 * - Surveys are found by the copy of their case's leader and opening time
 *   that the database keeps on each survey (migration 1764547200000), so the
 *   surveyed cases are exactly the counted cases; the latest survey at or
 *   before asOf wins, ties broken by id.
 * - received counts citizen comments in the window that carry no spam label
 *   (a comment not yet classified counts); see receivedOneLeader.
 * - coverage caps each post's held count at what Weibo reports, so a surplus
 *   on one post cannot hide a gap on another.
 */
function aggregateSql(
  scope: string,
  leaderIn: (column: string) => string,
  receivedSql: (leaderIn: (column: string) => string) => string,
  corrections?: string,
): string {
  const counted = corrections ? correctedParts(leaderIn) : uncorrectedParts(leaderIn);
  return `
    WITH scope AS (${scope}),${corrections ? correctionsCte(corrections) : ''}
    case_rows AS (
      SELECT ${counted.caseLeader}, c.opened_at, c.acknowledge_deadline, c.first_response_by,
             c.resolved_at, c.closed_at,
             CASE WHEN c.first_response_at <= $3::timestamptz THEN c.first_response_at END
               AS responded_at
      FROM ${counted.caseFrom}
      WHERE ${counted.caseWhere}
        AND c.opened_at >= $1::timestamptz AND c.opened_at < $2::timestamptz
        AND c.opened_at <= $3::timestamptz
    ),
    case_agg AS (
      SELECT leader_id,
        count(*)::int AS cases,
        count(responded_at)::int AS responded,
        count(*) FILTER (WHERE responded_at <= acknowledge_deadline)::int AS on_time,
        count(*) FILTER (WHERE resolved_at <= $3::timestamptz)::int AS resolved,
        count(*) FILTER (
          WHERE responded_at IS NULL AND acknowledge_deadline < $3::timestamptz)::int AS overdue,
        count(*) FILTER (
          WHERE responded_at IS NOT NULL AND first_response_by = 'leader')::int AS leader_first,
        count(*) FILTER (WHERE open_at_as_of
          AND opened_at > $3::timestamptz - interval '24 hours')::int AS lt1d,
        count(*) FILTER (WHERE open_at_as_of
          AND opened_at <= $3::timestamptz - interval '24 hours'
          AND opened_at > $3::timestamptz - interval '72 hours')::int AS d1to3,
        count(*) FILTER (WHERE open_at_as_of
          AND opened_at <= $3::timestamptz - interval '72 hours'
          AND opened_at > $3::timestamptz - interval '168 hours')::int AS d3to7,
        count(*) FILTER (WHERE open_at_as_of
          AND opened_at <= $3::timestamptz - interval '168 hours')::int AS gt7d,
        percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY response_time)
          AS response_percentiles
      FROM (
        SELECT *,
          (closed_at IS NULL OR closed_at > $3::timestamptz) AS open_at_as_of,
          CASE WHEN responded_at IS NOT NULL
            THEN greatest(interval '0', responded_at - opened_at) END AS response_time
        FROM case_rows
      ) timed
      GROUP BY leader_id
    ),
    latest_survey AS (
      SELECT DISTINCT ON (s.case_id) ${counted.surveyLeader}, s.score
      FROM ${counted.surveyFrom}
      WHERE ${counted.surveyWhere}
        AND s.case_opened_at >= $1::timestamptz AND s.case_opened_at < $2::timestamptz
        AND s.case_opened_at <= $3::timestamptz AND s.recorded_at <= $3::timestamptz
      ORDER BY s.case_id, s.recorded_at DESC, s.id DESC
    ),
    survey_agg AS (
      SELECT leader_id, count(*)::int AS surveyed, sum(score)::bigint AS score_sum
      FROM latest_survey GROUP BY leader_id
    ),
    received_agg AS (${corrections ? correctedReceived(receivedSql(leaderIn), leaderIn) : receivedSql(leaderIn)}),
    coverage_agg AS (
      SELECT p.leader_id,
        sum(least(p.comments_held, p.comments_reported))::bigint AS held,
        sum(p.comments_reported)::bigint AS reported
      FROM posts p
      WHERE ${leaderIn('p.leader_id')}
        AND p.created_at >= $1::timestamptz AND p.created_at < $2::timestamptz
        AND p.created_at <= $3::timestamptz
      GROUP BY p.leader_id
    )
    SELECT l.id AS leader_id, l.name, l.unit, l.region_code,
      coalesce(ra.received, 0) AS received,
      coalesce(ca.cases, 0) AS cases, coalesce(ca.responded, 0) AS responded,
      coalesce(ca.on_time, 0) AS on_time, coalesce(ca.resolved, 0) AS resolved,
      coalesce(ca.overdue, 0) AS overdue, coalesce(ca.leader_first, 0) AS leader_first,
      coalesce(sa.surveyed, 0) AS surveyed, coalesce(sa.score_sum, 0) AS score_sum,
      coalesce(ca.lt1d, 0) AS lt1d, coalesce(ca.d1to3, 0) AS d1to3,
      coalesce(ca.d3to7, 0) AS d3to7, coalesce(ca.gt7d, 0) AS gt7d,
      floor(extract(epoch FROM ca.response_percentiles[1]) * 1000)::bigint AS median_ms,
      floor(extract(epoch FROM ca.response_percentiles[2]) * 1000)::bigint AS p90_ms,
      coalesce(cv.held, 0) AS held, coalesce(cv.reported, 0) AS reported
    FROM scope l
    LEFT JOIN case_agg ca ON ca.leader_id = l.id
    LEFT JOIN survey_agg sa ON sa.leader_id = l.id
    LEFT JOIN received_agg ra ON ra.leader_id = l.id
    LEFT JOIN coverage_agg cv ON cv.leader_id = l.id
    ORDER BY l.id`;
}

/**
 * received for one leader: its citizen comments in the window (an index-only
 * range) minus its spam among them (a range of the partial spam index, by
 * the leader_id the database copies from the comment). Both are ranges of
 * this leader's rows, however large the tables grow.
 */
const receivedOneLeader = (leaderIn: (column: string) => string): string => `
      SELECT leader_id, sum(n)::int AS received
      FROM (
        SELECT cm.leader_id, count(*) AS n
        FROM comments cm
        WHERE ${leaderIn('cm.leader_id')} AND NOT cm.by_leader
          AND cm.created_at >= $1::timestamptz AND cm.created_at < $2::timestamptz
          AND cm.created_at <= $3::timestamptz
        GROUP BY cm.leader_id
        UNION ALL
        SELECT cm.leader_id, -count(*) AS n
        FROM classifications cl
        JOIN comments cm ON cm.id = cl.comment_id AND cm.leader_id = cl.leader_id
        WHERE ${leaderIn('cl.leader_id')} AND cl.kind = 'spam' AND NOT cm.by_leader
          AND cm.created_at >= $1::timestamptz AND cm.created_at < $2::timestamptz
          AND cm.created_at <= $3::timestamptz
        GROUP BY cm.leader_id
      ) parts
      GROUP BY leader_id`;

/** received for every leader: one pass over the window's citizen comments, spam hashed. */
const receivedAllLeaders = (): string => `
      SELECT cm.leader_id, (count(*) - count(cl.comment_id))::int AS received
      FROM comments cm
      LEFT JOIN classifications cl ON cl.comment_id = cm.id AND cl.kind = 'spam'
      WHERE NOT cm.by_leader
        AND cm.created_at >= $1::timestamptz AND cm.created_at < $2::timestamptz
        AND cm.created_at <= $3::timestamptz
      GROUP BY cm.leader_id`;

type CountedParts = {
  caseLeader: string;
  caseFrom: string;
  caseWhere: string;
  surveyLeader: string;
  surveyFrom: string;
  surveyWhere: string;
};

const uncorrectedParts = (leaderIn: (column: string) => string): CountedParts => ({
  caseLeader: 'c.leader_id',
  caseFrom: 'cases c',
  caseWhere: leaderIn('c.leader_id'),
  surveyLeader: 's.leader_id',
  surveyFrom: 'satisfaction_surveys s',
  surveyWhere: leaderIn('s.leader_id'),
});

/**
 * Case corrections of an accepted appeal, as a jsonb array of
 * `{caseId, toLeaderId}` (toLeaderId null: excluded). Same counts, same
 * formulas; only whose case it is changes: an excluded case belongs to no
 * leader, a reassigned one to its new leader, for cases, surveys and the
 * received count of its comment alike. Coverage is a harvest figure over
 * posts and stays as it was.
 */
const correctionsCte = (parameter: string): string => `
    corrections AS (
      SELECT (e->>'caseId')::uuid AS case_id, (e->>'toLeaderId')::uuid AS to_leader
      FROM jsonb_array_elements(${parameter}::jsonb) e
    ),`;

const correctedParts = (leaderIn: (column: string) => string): CountedParts => ({
  caseLeader: 'coalesce(k.to_leader, c.leader_id) AS leader_id',
  caseFrom: 'cases c LEFT JOIN corrections k ON k.case_id = c.id',
  caseWhere: `((k.case_id IS NULL AND ${leaderIn('c.leader_id')}) OR ${leaderIn('k.to_leader')})`,
  surveyLeader: 'coalesce(k.to_leader, s.leader_id) AS leader_id',
  surveyFrom: 'satisfaction_surveys s LEFT JOIN corrections k ON k.case_id = s.case_id',
  surveyWhere: `((k.case_id IS NULL AND ${leaderIn('s.leader_id')}) OR ${leaderIn('k.to_leader')})`,
});

/** The comment of a corrected case leaves its leader's received count and joins the new leader's. */
function correctedReceived(base: string, leaderIn: (column: string) => string): string {
  const countedComment = `
        FROM corrections k
        JOIN cases c ON c.id = k.case_id
        JOIN comments cm ON cm.id = c.comment_id
        LEFT JOIN classifications cl ON cl.comment_id = cm.id AND cl.kind = 'spam'
        WHERE cl.comment_id IS NULL AND NOT cm.by_leader
          AND cm.created_at >= $1::timestamptz AND cm.created_at < $2::timestamptz
          AND cm.created_at <= $3::timestamptz`;
  return `
      SELECT leader_id, sum(received)::int AS received
      FROM (
        SELECT leader_id, received FROM (${base}) uncorrected
        UNION ALL
        SELECT cm.leader_id, -count(*) AS received ${countedComment}
          AND ${leaderIn('cm.leader_id')} AND k.to_leader IS DISTINCT FROM cm.leader_id
        GROUP BY cm.leader_id
        UNION ALL
        SELECT k.to_leader, count(*) AS received ${countedComment}
          AND ${leaderIn('k.to_leader')} AND k.to_leader <> cm.leader_id
        GROUP BY k.to_leader
      ) parts
      GROUP BY leader_id`;
}

const LEADER_COLUMNS = 'id, name, unit, region_code';

/** One leader, active or not (a deactivated leader's history stays readable). */
export const ONE_LEADER_SQL = aggregateSql(
  `SELECT ${LEADER_COLUMNS} FROM leaders WHERE id = $4::uuid`,
  (column) => `${column} = $4::uuid`,
  receivedOneLeader,
);

/**
 * One leader with an appeal's case corrections applied ($5: jsonb array of
 * `{caseId, toLeaderId}`); see correctionsCte.
 */
export const CORRECTED_ONE_LEADER_SQL = aggregateSql(
  `SELECT ${LEADER_COLUMNS} FROM leaders WHERE id = $4::uuid`,
  (column) => `${column} = $4::uuid`,
  receivedOneLeader,
  '$5',
);

/**
 * Every active leader, optionally within a region and/or unit. The counts
 * are taken for all leaders in one ordered pass per table and the scope is
 * applied by the final join: at 10,000 leaders that is faster than 10,000
 * index descents per table, and it needs no sort to group the cases.
 */
export const RANKING_SQL = aggregateSql(
  `SELECT ${LEADER_COLUMNS} FROM leaders
   WHERE active AND ($4::text IS NULL OR region_code = $4::text)
     AND ($5::text IS NULL OR unit = $5::text)`,
  () => 'true',
  receivedAllLeaders,
);

/**
 * Planner settings for these statements only (SET LOCAL: the transaction's).
 * The outer joins of per-leader aggregates are estimated at millions of rows
 * though each gives at most one per leader; at such costs PostgreSQL would
 * JIT-compile (≈60 ms spent before the first row) and, for one leader,
 * start parallel workers, both slower than the index-only scans here. The
 * ranking sorts a few hundred thousand rows per window: memory, not disk.
 */
export const ONE_LEADER_SETTINGS = `SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0`;
export const RANKING_SETTINGS = `SET LOCAL jit = off; SET LOCAL work_mem = '64MB'`;
