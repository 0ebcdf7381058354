/**
 * The benchmark data set shared by bench:metrics and bench:http: leaders,
 * posts, comments, classifications, cases, follow-ups and surveys with Zipf
 * skew (leader of rank k gets ⌈C / (k·H_N)⌉ cases), over 180 days ending at
 * SPAN_END.
 */
export const SPAN_END = '2025-07-01T00:00:00+08:00';
export const SPAN_DAYS = 180;

/**
 * Everything in SQL, set-based. Triggers (foreign keys, and the copies the
 * metrics migration keeps) are off during the load (superuser, scratch
 * database), so the copied columns are written here explicitly.
 */
export function seedStatements(leaders: number, cases: number): [string, string][] {
  const end = `'${SPAN_END}'::timestamptz`;
  const capped = (expr: string) => `CASE WHEN ${expr} <= ${end} THEN ${expr} END`;
  return [
    ['session', `SET session_replication_role = replica; SET synchronous_commit = off`],
    [
      'leaders',
      `SELECT setseed(0.42);
       INSERT INTO leaders (name, title, unit, region_code, weibo_uid)
       SELECT '领导' || i, '公安局局长', '第' || (i % 300) || '公安分局',
              (110000 + (i % 40) * 100)::text, (3000000000 + i)::text
       FROM generate_series(1, ${leaders}) i`,
    ],
    [
      'plan (Zipf)',
      `CREATE TEMP TABLE bench_plan AS
       WITH ranked AS (SELECT id, row_number() OVER (ORDER BY random()) AS k FROM leaders),
            h AS (SELECT sum(1.0 / k) AS h FROM generate_series(1, ${leaders}) k),
            counted AS (SELECT r.id, r.k, ceil(${cases} / (r.k * h.h))::int AS cnt FROM ranked r, h)
       SELECT id AS leader_id, k, cnt, greatest(3, cnt / 15) AS posts,
              (sum(cnt) OVER (ORDER BY k) - cnt)::bigint AS first_n
       FROM counted`,
    ],
    [
      'posts',
      `INSERT INTO posts (id, leader_id, mid, author_uid, text, html, created_at,
         comments_reported, comments_held, raw)
       SELECT 'p' || k || '_' || j, leader_id, 'p' || k || '_' || j, 'leader', '警情通报',
              '警情通报', ${end} - (j + 0.5) * interval '${SPAN_DAYS * 24} hours' / posts,
              r, CASE WHEN random() < 0.1 THEN r - 1 - (random() * 5)::int ELSE r END, '{}'
       FROM (SELECT p.*, j, 20 + (random() * 40)::int AS r
             FROM bench_plan p, generate_series(0, p.posts - 1) j) planned`,
    ],
    [
      'case plan',
      `CREATE TEMP TABLE bench_cases AS
       SELECT n, leader_id, k, posts, case_id, opened_at, by_leader, u, v,
              ${capped('responded_raw')} AS responded_at, ${capped('closed_raw')} AS planned_closed_at
       FROM (
         SELECT *, responded_raw + random() * interval '120 hours' AS closed_raw
         FROM (
           SELECT *, opened_at + interval '1 minute' * (-ln(1 - random()) * 600) AS responded_raw
           FROM (
             SELECT n, p.leader_id, p.k, p.posts, gen_random_uuid() AS case_id,
                    ${end} - random() * interval '${SPAN_DAYS * 24} hours' AS opened_at,
                    random() < 0.35 AS by_leader, random() AS u, random() AS v
             FROM bench_plan p, generate_series(p.first_n, p.first_n + p.cnt - 1) n
           ) opened
         ) responded
       ) closed`,
    ],
    [
      'comments',
      `INSERT INTO comments (id, post_id, leader_id, root_id, author_uid, author_name, text, html,
         created_at, by_leader, raw)
       SELECT 'c' || n, 'p' || k || '_' || (n % posts), leader_id, 'c' || n, (5000000000 + n % 900000)::text,
              '市民' || (n % 900000), '我要投诉', '我要投诉', opened_at, false, '{}'::jsonb
       FROM bench_cases
       UNION ALL
       SELECT 'r' || n, 'p' || k || '_' || (n % posts), leader_id, 'c' || n, 'leader', '领导',
              '回复：已转相关部门', '回复：已转相关部门', responded_at, true, '{}'::jsonb
       FROM bench_cases WHERE by_leader AND responded_at IS NOT NULL AND u <= 0.85
       UNION ALL
       SELECT 'x' || n, 'p' || k || '_' || (n % posts), leader_id, 'x' || n, (6000000000 + n)::text,
              '用户' || n, CASE WHEN n % 3 = 0 THEN '加微信看福利' ELSE '辛苦了' END, '', opened_at
                + interval '7 minutes', false, '{}'::jsonb
       FROM bench_cases WHERE n % 4 = 0`,
    ],
    [
      'classifications',
      `INSERT INTO classifications (comment_id, leader_id, kind, category, actionable, score,
         matches, tokens, ruleset_version)
       SELECT 'c' || n, leader_id, (ARRAY['complaint', 'help', 'inquiry', 'suggestion'])[1 + n % 4],
              'public_order', true, 1, '[]'::jsonb, '[]'::jsonb, 'bench'
       FROM bench_cases
       UNION ALL
       SELECT 'x' || n, leader_id, CASE WHEN n % 3 = 0 THEN 'spam' ELSE 'praise' END, 'other',
              false, 1, '[]'::jsonb, '[]'::jsonb, 'bench'
       FROM bench_cases WHERE n % 4 = 0 AND n % 5 <> 0`,
    ],
    [
      'cases',
      `INSERT INTO cases (id, leader_id, comment_id, status, outcome, kind, category, opened_at,
         acknowledge_deadline, resolve_deadline, first_response_at, first_response_by,
         resolved_at, closed_at)
       SELECT case_id, leader_id, 'c' || n,
              CASE WHEN closed_at IS NULL THEN (CASE WHEN first_at IS NULL THEN 'open' ELSE 'responded' END)
                   WHEN outcome = 'resolved' THEN 'resolved' ELSE 'closed' END,
              CASE WHEN closed_at IS NULL THEN NULL ELSE outcome END,
              'complaint', 'public_order', opened_at, opened_at + interval '24 hours',
              opened_at + interval '120 hours', first_at, CASE WHEN first_at IS NOT NULL THEN
                (CASE WHEN by_leader THEN 'leader' ELSE 'staff' END) END,
              CASE WHEN outcome = 'resolved' THEN closed_at END, closed_at
       FROM (
         SELECT b.*, CASE WHEN u <= 0.85 THEN responded_at END AS first_at,
                CASE WHEN u <= 0.6 AND responded_at IS NOT NULL THEN b.planned_closed_at END AS closed_at,
                CASE WHEN v < 0.8 THEN 'resolved' WHEN v < 0.95 THEN 'referred' ELSE 'duplicate' END
                  AS outcome
         FROM bench_cases b
       ) c`,
    ],
    [
      'follow-ups',
      `INSERT INTO follow_ups (case_id, type, text, actor, recorded_at)
       SELECT id, 'responded', '已电话联系', 'staff:bench', first_response_at
       FROM cases WHERE first_response_by = 'staff'`,
    ],
    [
      'surveys',
      `INSERT INTO satisfaction_surveys (case_id, level, score, channel, actor, recorded_at,
         leader_id, case_opened_at)
       SELECT id, l.level, l.score, 'callback', 'staff:bench', t.at, c.leader_id, c.opened_at
       FROM cases c,
            LATERAL (SELECT c.resolved_at + random() * interval '48 hours' AS at, random() AS w) t,
            LATERAL (SELECT (ARRAY['满意', '较满意', '一般', '不满意'])[1 + floor(t.w * t.w * 4)::int]
                       AS level) l0,
            LATERAL (SELECT l0.level, CASE l0.level WHEN '满意' THEN 100 WHEN '较满意' THEN 75
                       WHEN '一般' THEN 50 ELSE 0 END AS score) l
       WHERE c.resolved_at IS NOT NULL AND t.at <= ${end} AND random() < 0.4`,
    ],
    ['reset', `RESET session_replication_role; DROP TABLE bench_cases, bench_plan`],
  ];
}
