/**
 * npx ts-node bench/reclassify.bench.ts [-- --comments 100000 --leaders 50 --keep]
 *
 * Re-classification of stored messages at scale, against the PostgreSQL
 * server (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres):
 * creates the scratch database minsheng_bench_reclassify, boots the whole
 * application on it (migrations, the shipped ruleset), seeds by SQL
 * `--comments` citizen comments (texts from test/data, the labelled Weibo
 * set), their classifications under the shipped rules and a case for each
 * actionable one, then replaces the ruleset through RulesService with one
 * that moves the noise vocabulary into `environment` and the street-racing
 * vocabulary into `noise`, follows the job's progress until it ends, and
 * prints messages/s, the total time, and what was recorded (classification
 * changes, cases updated, audit events). Dropped at the end unless --keep.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createApp } from '../src/app.factory';
import type { Principal } from '../src/auth/principal';
import { classifyMessage } from '../src/classification/classifier';
import { ReclassificationRunner } from '../src/reclassification/reclassification.runner';
import { loadDefaultRuleset, type Ruleset } from '../src/classification/ruleset';
import { RulesService } from '../src/reclassification/rules.service';
import type { RuledCategory } from '../src/classification/taxonomy';
import { type AppConfig, loadConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';

const DB_NAME = 'minsheng_bench_reclassify';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function texts(): string[] {
  const csv = readFileSync(
    join(__dirname, '..', 'test', 'data', 'weibo-comments-labeled.csv'),
    'utf8',
  );
  return csv
    .split('\n')
    .slice(1)
    .map((line) => line.replace(/,[a-z_]+,[a-z_]+\s*$/, ''))
    .filter((text) => text.length > 0)
    .map((text) => text.replace(/^"|"$/g, '').replace(/""/g, '"'));
}

function moveTerms(
  ruleset: Ruleset,
  from: RuledCategory,
  to: RuledCategory,
  terms: Set<string>,
): void {
  const moved = ruleset.categories[from].terms.filter((t) => terms.has(t.term));
  ruleset.categories[from].terms = ruleset.categories[from].terms.filter((t) => !terms.has(t.term));
  ruleset.categories[to].terms = [
    ...ruleset.categories[to].terms.filter((t) => !terms.has(t.term)),
    ...moved,
  ];
}

function changedRuleset(shipped: Ruleset): Ruleset {
  const next = JSON.parse(JSON.stringify(shipped)) as Ruleset;
  next.version = `${shipped.version}-bench-${Date.now()}`;
  next.description = 'bench: noise vocabulary counted as environment, street racing as noise';
  moveTerms(next, 'noise', 'environment', new Set(next.categories.noise.terms.map((t) => t.term)));
  moveTerms(next, 'traffic', 'noise', new Set(['飙车', '炸街', '改装车', '轰油门']));
  return next;
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function seed(
  db: Database,
  comments: number,
  leaders: number,
  pool: string[],
): Promise<void> {
  const shipped = loadDefaultRuleset();
  const classified = pool.map((text, i) => ({ i, text, ...classifyMessage(text, shipped) }));
  await db.transaction(async (tx) => {
    await tx.execute(`CREATE TABLE bench_pool (i int PRIMARY KEY, text text, kind text, category text,
      actionable boolean, score float8, matches jsonb, tokens jsonb)`);
    await tx.execute(
      `INSERT INTO bench_pool SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(i int, text text, kind text,
         category text, actionable boolean, score float8, matches jsonb, tokens jsonb)`,
      [JSON.stringify(classified)],
    );
    await tx.execute(
      `INSERT INTO leaders (id, name, unit, region_code, weibo_uid)
       SELECT ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, '领导' || g, '单位' || (g % 7),
              '4301' || lpad((g % 20)::text, 2, '0'), (3000000000 + g)::text
       FROM generate_series(1, $1) g`,
      [leaders],
    );
    const posts = Math.max(1, Math.ceil(comments / 50));
    await tx.execute(
      `INSERT INTO posts (id, leader_id, mid, author_uid, text, html, created_at, raw)
       SELECT (4000000000 + g)::text, ('00000000-0000-4000-8000-' || lpad((1 + g % $2)::text, 12, '0'))::uuid,
              (4000000000 + g)::text, (3000000000 + 1 + g % $2)::text, '通告', '通告',
              timestamptz '2025-01-01 08:00+08' + g * interval '10 minutes', '{}'::jsonb
       FROM generate_series(0, $1 - 1) g`,
      [posts, leaders],
    );
    await tx.execute(
      `INSERT INTO comments (id, post_id, leader_id, root_id, author_uid, author_name, text, html, created_at,
                             by_leader, raw)
       SELECT (5000000000 + g)::text, p.id, p.leader_id, (5000000000 + g)::text, (6000000000 + g % 40000)::text,
              '市民' || (g % 40000), bp.text, bp.text, p.created_at + (g % 50) * interval '3 minutes', false,
              '{}'::jsonb
       FROM generate_series(0, $1 - 1) g
       JOIN posts p ON p.id = (4000000000 + g / 50)::text
       JOIN bench_pool bp ON bp.i = g % $2`,
      [comments, pool.length],
    );
    await tx.execute(
      `INSERT INTO classifications (comment_id, leader_id, kind, category, actionable, score, matches, tokens,
                                    ruleset_version)
       SELECT c.id, c.leader_id, bp.kind, bp.category, bp.actionable, bp.score, bp.matches, bp.tokens, $1
       FROM comments c JOIN bench_pool bp ON bp.i = (c.id::bigint - 5000000000) % $2`,
      [shipped.version, pool.length],
    );
    await tx.execute(
      `INSERT INTO cases (leader_id, comment_id, status, kind, category, opened_at, acknowledge_deadline,
                          resolve_deadline)
       SELECT c.leader_id, c.id, 'open', cl.kind, cl.category, c.created_at, c.created_at + interval '1 day',
              c.created_at + interval '7 days'
       FROM comments c JOIN classifications cl ON cl.comment_id = c.id WHERE cl.actionable`,
    );
    await tx.execute(`DROP TABLE bench_pool`);
  });
  await db.execute(`ANALYZE`);
}

async function main(): Promise<void> {
  const comments = arg('comments', 100_000);
  const leaders = arg('leaders', 50);
  const keep = process.argv.includes('--keep');
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  await admin(serverUrl, `DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin(serverUrl, `CREATE DATABASE ${DB_NAME}`);
  const url = new URL(serverUrl);
  url.pathname = `/${DB_NAME}`;
  const config: AppConfig = {
    ...loadConfig({}),
    databaseUrl: url.toString(),
    port: 0,
    weiboBaseUrl: 'http://127.0.0.1:9',
    pollEnabled: false,
    adminKey: 'msk_bench-reclassify-0123456789abcdef',
    logLevel: process.env.LOG_LEVEL ?? 'warn',
  };
  const app = await createApp(config);
  await app.init();
  try {
    const db = app.get(Database);
    const pool = texts();
    const seedStarted = Date.now();
    await seed(db, comments, leaders, pool);
    const [{ cases }] = await db.query<{ cases: number }>(
      `SELECT count(*)::int AS cases FROM cases`,
    );
    console.log(
      `seeded ${comments} citizen comments (${pool.length} distinct texts), ${leaders} leaders, ${cases} cases in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`,
    );

    const rules = app.get(RulesService);
    const caller: Principal = { keyId: 'bench', name: 'bench', role: 'admin', leaderIds: [] };
    const started = Date.now();
    const outcome = await rules.replace(caller, changedRuleset(loadDefaultRuleset()));
    const jobId = outcome.job?.id;
    if (!jobId) {
      throw new Error('no job was started');
    }
    let job = await rules.job(jobId);
    let lastPrinted = 0;
    while (job.status === 'queued' || job.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 250));
      job = await rules.job(jobId);
      if (Date.now() - lastPrinted > 2_000) {
        lastPrinted = Date.now();
        console.log(
          `  ${((Date.now() - started) / 1000).toFixed(1)} s: ${job.status} ${job.processed}/${job.total}, changed ${job.changed}`,
        );
      }
    }
    await app.get(ReclassificationRunner).idle();
    const seconds = (Date.now() - started) / 1000;
    const [recorded] = await db.query<{ changes: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM classification_changes WHERE job_id = $1) AS changes,
              (SELECT count(*)::int FROM audit_events WHERE action = 'case.reclassified') AS events`,
      [jobId],
    );
    console.log(`job ${jobId}: ${job.status}${job.error ? ` (${job.error})` : ''}`);
    console.log(
      `re-classified ${job.processed} of ${job.total} messages in ${seconds.toFixed(1)} s: ${Math.round(job.processed / seconds)} messages/s`,
    );
    console.log(
      `recorded: ${recorded.changes} classification changes (job says ${job.changed}), ${job.casesUpdated} cases updated, ${recorded.events} case.reclassified audit events, ${job.casesOpened} cases opened`,
    );
  } finally {
    await app.close();
    if (!keep) {
      await admin(serverUrl, `DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
