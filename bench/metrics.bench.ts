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
import { SPAN_END, seedStatements } from './bench-seed';

const DB_NAME = 'minsheng_bench';
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
    new LeadersService(
      new LeadersRepository(db, new FeedsRepository(db)),
      new FixedClock(asOf),
      logger,
    ),
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
