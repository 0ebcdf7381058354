/**
 * npm run bench:metrics [-- --leaders 10000 --cases 1000000 --samples 200 --keep --reuse]
 *
 * Against the PostgreSQL server (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres): creates the scratch database
 * minsheng_bench, applies the migrations, seeds leaders, posts, comments,
 * classifications, cases, follow-ups and surveys with Zipf skew (leader of
 * rank k gets ⌈C / (k·H_N)⌉ cases: the heaviest about 10 %, the lightest
 * about ten), then times, in the same process:
 *
 * - per-leader metrics through MetricsService.leaderMetrics (repository,
 *   rounding and response shape; no HTTP), over the heaviest leaders plus a
 *   uniform random sample;
 * - a full ranking (every active leader) through MetricsService.fullRanking;
 * - the baseline: a plain indexed `count(*)` of one leader's cases.
 *
 * --keep leaves the database for inspection (EXPLAIN); --reuse skips the
 * seed when a kept database is there. Dropped at the end otherwise.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import pino from 'pino';
import { DataSource } from 'typeorm';
import type { Principal } from '../src/auth/principal';
import { Clock } from '../src/common/clock';
import { Database } from '../src/database/database';
import { dataSourceOptions } from '../src/database/data-source-options';
import { FeedsRepository } from '../src/polling/feeds.repository';
import { LeadersRepository } from '../src/leaders/leaders.repository';
import { LeadersService } from '../src/leaders/leaders.service';
import { MetricsRepository } from '../src/metrics/metrics.repository';
import { MetricsService } from '../src/metrics/metrics.service';

const DB_NAME = 'minsheng_bench';
const SPAN_END = '2025-07-01T00:00:00+08:00';
const SPAN_DAYS = 180;
const DAY_MS = 86_400_000;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

class FixedClock extends Clock {
  constructor(private readonly at: Date) {
    super();
  }
  now(): Date {
    return new Date(this.at);
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A small deterministic PRNG (mulberry32), so every run samples the same leaders. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Everything in SQL, set-based. Triggers (foreign keys, and the copies the
 * metrics migration keeps) are off during the load (superuser, scratch
 * database), so the copied columns are written here explicitly.
 */
function seedStatements(leaders: number, cases: number): [string, string][] {
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

async function main(): Promise<void> {
  const leaders = arg('leaders', 10_000);
  const cases = arg('cases', 1_000_000);
  const samples = arg('samples', 200);
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const benchUrl = new URL(serverUrl);
  benchUrl.pathname = `/${DB_NAME}`;

  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const exists =
    (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DB_NAME])).rowCount === 1;
  const reuse = flag('reuse') && exists;
  if (!reuse) {
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB_NAME}`);
  }
  await admin.end();

  const dataSource = new DataSource(
    dataSourceOptions({ databaseUrl: benchUrl.toString(), dataDir: '' }),
  );
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const db = new Database(dataSource, 'postgresql');

  console.log(`\nminsheng metrics benchmark: database ${DB_NAME} on ${benchUrl.host}`);
  if (reuse) {
    console.log('reusing the seeded database (--reuse)');
  } else {
    const seedStarted = process.hrtime.bigint();
    await db.transaction(async (tx) => {
      for (const [label, sql] of seedStatements(leaders, cases)) {
        const { ms } = await timed(() => tx.execute(sql));
        console.log(`  seed ${label.padEnd(16)} ${(ms / 1000).toFixed(1).padStart(6)} s`);
      }
    });
    const { ms: vacuumMs } = await timed(() => db.execute('VACUUM ANALYZE'));
    console.log(
      `  seed ${'vacuum analyze'.padEnd(16)} ${(vacuumMs / 1000).toFixed(1).padStart(6)} s`,
    );
    const seedMs = Number(process.hrtime.bigint() - seedStarted) / 1e6;
    console.log(`  seed total            ${(seedMs / 1000).toFixed(1).padStart(6)} s`);
  }

  const counts = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM leaders) AS leaders, (SELECT count(*) FROM cases) AS cases,
            (SELECT count(*) FROM comments) AS comments, (SELECT count(*) FROM posts) AS posts,
            (SELECT count(*) FROM satisfaction_surveys) AS surveys,
            (SELECT count(*) FROM classifications WHERE kind = 'spam') AS spam`,
  );
  console.log('  rows', JSON.stringify(counts[0]));

  const asOf = new Date(SPAN_END);
  const window = {
    from: new Date(asOf.getTime() - 30 * DAY_MS).toISOString(),
    to: asOf.toISOString(),
    asOf: asOf.toISOString(),
  };
  const logger = pino({ level: 'silent' });
  const repository = new MetricsRepository(db);
  const service = new MetricsService(
    repository,
    new LeadersService(new LeadersRepository(db, new FeedsRepository(db)), logger),
    new FixedClock(asOf),
    logger,
  );
  const caller: Principal = { keyId: 'bench', name: 'bench', role: 'admin', leaderIds: [] };

  // The heaviest leaders (by cases) first, then a uniform sample of the rest.
  const byLoad = await db.query<{ id: string; n: number }>(
    `SELECT leader_id AS id, count(*)::int AS n FROM cases GROUP BY leader_id ORDER BY n DESC`,
  );
  const heaviest = byLoad.slice(0, 10);
  const next = random(7);
  const sample = [...heaviest];
  while (sample.length < Math.min(samples, byLoad.length)) {
    sample.push(byLoad[10 + Math.floor(next() * (byLoad.length - 10))]);
  }

  // Warm-up: plans cached, pages in memory, as in a running service.
  for (const leader of sample.slice(0, 20)) {
    await service.leaderMetrics(caller, leader.id, window);
    await db.query(`SELECT count(*) FROM cases WHERE leader_id = $1`, [leader.id]);
  }

  const metricMs: number[] = [];
  const baselineMs: number[] = [];
  for (const leader of sample) {
    metricMs.push((await timed(() => service.leaderMetrics(caller, leader.id, window))).ms);
    baselineMs.push(
      (await timed(() => db.query(`SELECT count(*) FROM cases WHERE leader_id = $1`, [leader.id])))
        .ms,
    );
  }
  const heaviestMs = metricMs[0];
  const heaviestInWindow = (await service.leaderMetrics(caller, heaviest[0].id, window)).metrics
    .cases.numerator;

  const rankings: { label: string; ms: number[]; sqlMs: number[]; leaders: number }[] = [];
  for (const days of [30, 90]) {
    const from = new Date(asOf.getTime() - days * DAY_MS);
    const ms: number[] = [];
    const sqlMs: number[] = [];
    let ranked = 0;
    for (let round = 0; round < 3; round++) {
      const run = await timed(() =>
        service.fullRanking({ ...window, from: from.toISOString() }, {}),
      );
      ms.push(run.ms);
      ranked = run.result.items.length;
      sqlMs.push(
        (await timed(() => repository.rankingAggregates({ from, to: asOf, asOf }, {}))).ms,
      );
    }
    rankings.push({ label: `full ranking, ${days}-day window`, ms, sqlMs, leaders: ranked });
  }

  const sortedMetric = [...metricMs].sort((a, b) => a - b);
  const sortedBaseline = [...baselineMs].sort((a, b) => a - b);
  const f = (ms: number) => `${ms.toFixed(1)} ms`.padStart(11);
  console.log(
    `\nper-leader: ${sample.length} leaders (10 heaviest + uniform sample), 30-day window, ` +
      `service path (repository + rounding + shape, no HTTP), sequential, after warm-up`,
  );
  console.log(
    '┌──────────────────────────────────────────────┬─────────────┬─────────────┬─────────────┐',
  );
  console.log(
    '│ measurement                                  │         p50 │         p95 │         max │',
  );
  console.log(
    '├──────────────────────────────────────────────┼─────────────┼─────────────┼─────────────┤',
  );
  const row = (label: string, sorted: number[]) =>
    console.log(
      `│ ${label.padEnd(44)} │ ${f(percentile(sorted, 50))} │ ${f(percentile(sorted, 95))} │ ${f(sorted[sorted.length - 1])} │`,
    );
  row('per-leader metrics (MetricsService)', sortedMetric);
  row('baseline: indexed count(*) of one leader', sortedBaseline);
  console.log(
    '└──────────────────────────────────────────────┴─────────────┴─────────────┴─────────────┘',
  );
  console.log(
    `heaviest leader: ${heaviest[0].n} cases in all, ${heaviestInWindow} in the window: ${heaviestMs.toFixed(1)} ms`,
  );
  for (const r of rankings) {
    const sorted = [...r.ms].sort((a, b) => a - b);
    const sql = [...r.sqlMs].sort((a, b) => a - b);
    console.log(
      `${r.label} (${r.leaders} leaders): best ${sorted[0].toFixed(0)} ms, ` +
        `median ${sorted[1].toFixed(0)} ms of 3 runs (of which the SQL statement: ` +
        `median ${sql[1].toFixed(0)} ms)`,
    );
  }
  console.log(
    `goals: per-leader p95 ≤ 50 ms: ${percentile(sortedMetric, 95) <= 50 ? 'met' : 'MISSED'}; ` +
      `ranking ≤ 2 s: ${Math.max(...rankings.map((r) => [...r.ms].sort((a, b) => a - b)[1])) <= 2000 ? 'met' : 'MISSED'}`,
  );

  await dataSource.destroy();
  if (!flag('keep')) {
    const cleanup = new Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await cleanup.end();
  } else {
    console.log(`kept database ${DB_NAME} (--keep)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
