/**
 * npm run bench:ingest [-- --comments 20000 --leaders 10000 --pglite --keep]
 *
 * Ingestion throughput, in one process and one run:
 *
 * - the service: PollService.pollNow over a WeiboSource that serves recorded
 *   m.weibo.cn bodies (test/fake-weibo/recorded.ts; no HTTP) — JSON parsing,
 *   typed parsing, then per post one transaction: post upsert, new comments,
 *   coverage, classification, case opening and its audit events
 *   (IngestionRepository + CaseIntakeService, the real AppModule);
 * - the baseline: the same comment rows, already parsed, written with a raw
 *   batched INSERT ... SELECT FROM unnest(...) of 1,000 rows a statement.
 *
 * Then the peak RSS of the service while 10,000 leaders' feeds are
 * scheduled: that many leaders and feeds inserted, one runCycle over a
 * WeiboSource that answers at once with an empty timeline, RSS sampled
 * every 20 ms.
 *
 * Against the PostgreSQL server (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres) in a scratch database that is
 * created and dropped (--keep keeps it); --pglite runs on PGlite in memory too.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { Clock } from '../src/common/clock';
import { type AppConfig, loadConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';
import type { WeiboSource } from '../src/polling/harvest';
import { MessageSink } from '../src/cases/message-sink';
import { PollService, WEIBO_SOURCE } from '../src/polling/poll.service';
import {
  parseCommentsPage,
  parseLongText,
  parseRepliesPage,
  parseTimelinePage,
  parseWeiboJson,
} from '../src/weibo/weibo-parser';
import type { WeiboComment } from '../src/weibo/weibo-types';
import { recordedFeed, type RecordedFeed } from '../test/fake-weibo/recorded';

const GOAL = 0.5;
const NEWEST = new Date('2025-01-04T06:07:28Z');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

class FixedClock extends Clock {
  constructor(private readonly at: Date) {
    super();
  }
  now(): Date {
    return new Date(this.at);
  }
}

/** A parse as a promise: a parser's throw (`ok:0` past the last page) becomes a rejection, as in the client. */
function settle<T>(parse: () => T): Promise<T> {
  return new Promise((resolve) => resolve(parse()));
}

/**
 * Serves recorded bodies (rendered once, before the clock starts) and parses
 * them as the WeiboClient does: JSON text in, typed pages out.
 */
class RecordedSource implements WeiboSource {
  private readonly bodies = new Map<string, string>();
  constructor(
    private readonly feed: RecordedFeed,
    private readonly now: Date,
  ) {}

  private body(path: string, query: Record<string, string>): string {
    const key = `${path}?${new URLSearchParams(query).toString()}`;
    let text = this.bodies.get(key);
    if (text === undefined) {
      text = this.feed.model.respond(path, new URLSearchParams(query)).body;
      this.bodies.set(key, text);
    }
    return text;
  }

  getTimelinePage(uid: string, page: number) {
    const text = this.body('/api/container/getIndex', {
      containerid: `107603${uid}`,
      page: String(page),
    });
    return settle(() => parseTimelinePage(parseWeiboJson(text), this.now));
  }
  getCommentsPage(mid: string, maxId?: string) {
    const query: Record<string, string> = { id: mid, mid, max_id_type: '0' };
    if (maxId !== undefined && maxId !== '0') {
      query.max_id = maxId;
    }
    const text = this.body('/comments/hotflow', query);
    return settle(() => parseCommentsPage(parseWeiboJson(text), mid, this.now));
  }
  getRepliesPage(rootCommentId: string, maxId = '0', postId = '') {
    const text = this.body('/comments/hotFlowChild', {
      cid: rootCommentId,
      max_id: maxId,
      max_id_type: '0',
    });
    return settle(() => parseRepliesPage(parseWeiboJson(text), postId, this.now, rootCommentId));
  }
  getLongText(id: string) {
    return settle(() => parseLongText(parseWeiboJson(this.body('/statuses/extend', { id }))));
  }
}

/** A feed that is always empty: the cost of scheduling, not of ingesting. */
const emptySource: WeiboSource = {
  getTimelinePage: () => Promise.resolve({ posts: [], sinceId: null, total: 0, skipped: [] }),
  getCommentsPage: () => Promise.resolve({ comments: [], maxId: '0', totalNumber: 0, skipped: [] }),
  getRepliesPage: () => Promise.resolve({ replies: [], maxId: '0', skipped: [] }),
  getLongText: () => Promise.resolve(''),
};

function config(databaseUrl: string | null, dataDir: string): AppConfig {
  return {
    ...loadConfig({}),
    databaseUrl,
    dataDir,
    port: 0,
    weiboBaseUrl: 'http://127.0.0.1:9',
    weiboMinIntervalMs: 0,
    pollEnabled: false,
    // 'info' logs a line per case opened; the figures here are for the store path.
    logLevel: process.env.LOG_LEVEL ?? 'warn',
  };
}

/** Stores comments and hands nothing on: the store path alone. */
const noSink: MessageSink = { accept: () => Promise.resolve({ casesOpened: 0 }) };

async function bootApp(
  settings: AppConfig,
  source: WeiboSource,
  options: { storeOnly?: boolean } = {},
) {
  let builder = Test.createTestingModule({
    imports: [
      AppModule.forRoot(settings, {
        clock: new FixedClock(new Date(NEWEST.getTime() + 3_600_000)),
      }),
    ],
  })
    .overrideProvider(WEIBO_SOURCE)
    .useValue(source);
  if (options.storeOnly) {
    builder = builder.overrideProvider(MessageSink).useValue(noSink);
  }
  const moduleRef = await builder.compile();
  await moduleRef.init();
  return moduleRef;
}

async function insertLeader(db: Database, uid: string): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `WITH l AS (INSERT INTO leaders (name, weibo_uid) VALUES ('基准', $1) RETURNING id)
     INSERT INTO feeds (leader_id) SELECT id FROM l RETURNING leader_id AS id`,
    [uid],
  );
  return row.id;
}

/** Every comment and reply of the feed, parsed, as the harvest would hold them. */
function parsedComments(feed: RecordedFeed, source: RecordedSource): Promise<WeiboComment[]> {
  return (async () => {
    const all = new Map<string, WeiboComment>();
    for (const postId of feed.postIds) {
      let maxId: string | undefined;
      for (;;) {
        const page = await source.getCommentsPage(postId, maxId);
        for (const comment of page.comments) {
          all.set(comment.id, comment);
          comment.inlineReplies.forEach((r) => all.set(r.id, r));
          if (comment.replyCount > comment.inlineReplies.length) {
            const replies = await source.getRepliesPage(comment.id, '0', postId);
            replies.replies.forEach((r) => all.set(r.id, r));
          }
        }
        if (page.maxId === '0') {
          break;
        }
        maxId = page.maxId;
      }
    }
    return [...all.values()];
  })();
}

/** The baseline: the same rows, a raw multi-row INSERT of 1,000 at a time. */
async function rawInsert(
  db: Database,
  leaderId: string,
  leaderUid: string,
  rows: WeiboComment[],
  postIds: string[],
): Promise<number> {
  // Posts of their own, so that the foreign keys are checked as in the service.
  const postOf = new Map(postIds.map((id) => [id, `b${id}`]));
  for (const [, postId] of postOf) {
    await db.execute(
      `INSERT INTO posts (id, leader_id, mid, author_uid, text, html, created_at, raw)
       VALUES ($1, $2, $1, $3, '', '', now(), '{}')`,
      [postId, leaderId, leaderUid],
    );
  }
  const started = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000);
    await db.execute(
      `INSERT INTO comments (id, post_id, leader_id, root_id, parent_id, author_uid, author_name, text, html,
                             created_at, source, like_count, reply_count, by_leader, raw)
       SELECT u.id, u.post_id, $1, u.root_id, u.parent_id, u.author_uid, u.author_name, u.text, u.html,
              u.created_at, u.source, u.like_count, u.reply_count, u.author_uid = $2, u.raw::jsonb
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::timestamptz[], $12::text[], $13::int[], $14::int[], $15::text[])
            AS u(id, post_id, root_id, parent_id, author_uid, author_name, text, html, created_at, source,
                 like_count, reply_count, raw)`,
      [
        leaderId,
        leaderUid,
        batch.map((c) => `b${c.id}`),
        batch.map((c) => postOf.get(c.postId) ?? `b${c.postId}`),
        batch.map((c) => `b${c.rootId}`),
        batch.map((c) => (c.parentId === null ? null : `b${c.parentId}`)),
        batch.map((c) => c.authorUid),
        batch.map((c) => c.authorName),
        batch.map((c) => c.text),
        batch.map((c) => c.html),
        batch.map((c) => c.createdAt.toISOString()),
        batch.map((c) => c.source),
        batch.map((c) => c.likeCount),
        batch.map((c) => c.replyCount),
        batch.map((c) => JSON.stringify(c.raw)),
      ],
    );
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

interface Scratch {
  settings: AppConfig;
  drop(): Promise<void>;
}

/** One timed poll of the recorded feed into a fresh database; comments per second. */
async function timedPoll(
  scratch: Scratch,
  source: RecordedSource,
  uid: string,
  storeOnly: boolean,
  after?: (db: Database) => Promise<void>,
): Promise<{ rate: number; seconds: number; posts: number; comments: number; cases: number }> {
  const app = await bootApp(scratch.settings, source, { storeOnly });
  try {
    const db = app.get(Database);
    const leaderId = await insertLeader(db, uid);
    const started = process.hrtime.bigint();
    const counts = await app.get(PollService).pollNow(leaderId);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await after?.(db);
    return { rate: counts.comments / seconds, seconds, ...counts };
  } finally {
    await app.close();
    await scratch.drop();
  }
}

async function ingestRun(
  engine: string,
  scratch: () => Promise<Scratch>,
  comments: number,
): Promise<void> {
  const commentsPerPost = 250;
  const repliesPerComment = 3;
  const posts = Math.max(1, Math.round(comments / (commentsPerPost * (1 + repliesPerComment))));
  const uid = String(1_000_000_000 + Math.floor(Math.random() * 1e9));
  const feed = recordedFeed({ uid, posts, commentsPerPost, repliesPerComment, newest: NEWEST });
  const recorded = new RecordedSource(feed, new Date(NEWEST.getTime() + 3_600_000));
  // Render every body once, outside the clock.
  const rows = await parsedComments(feed, recorded);
  for (let page = 1; ; page++) {
    try {
      await recorded.getTimelinePage(uid, page);
    } catch {
      break; // ok:0 past the last page
    }
  }
  for (const id of feed.postIds) {
    await recorded.getLongText(id);
  }

  let baselineSeconds = 0;
  const full = await timedPoll(await scratch(), recorded, uid, false, async (db) => {
    const baselineLeader = await insertLeader(db, String(Number(uid) + 1));
    baselineSeconds = await rawInsert(db, baselineLeader, uid, rows, feed.postIds);
  });
  const storeOnly = await timedPoll(await scratch(), recorded, uid, true);
  const baseline = rows.length / baselineSeconds;
  const line = (what: string, run: typeof full) =>
    console.log(
      `[${engine}] ${what}: ${run.comments} comments, ${run.posts} posts, ${run.cases} cases in ` +
        `${run.seconds.toFixed(2)} s = ${Math.round(run.rate)} comments/s, ratio ${(run.rate / baseline).toFixed(3)}` +
        ` (goal >= ${GOAL}: ${run.rate / baseline >= GOAL ? 'met' : 'NOT met'})`,
    );
  console.log(
    `[${engine}] baseline, raw batched INSERT (unnest, 1,000 rows a statement): ${rows.length} rows in ` +
      `${baselineSeconds.toFixed(2)} s = ${Math.round(baseline)} comments/s`,
  );
  line('service, parse + store + classify + open cases', full);
  line('service, parse + store (no classification, no cases)', storeOnly);
}

async function scheduleRun(engine: string, scratch: Scratch, leaders: number): Promise<void> {
  const app = await bootApp(scratch.settings, emptySource);
  try {
    const db = app.get(Database);
    const base = 2_000_000_000 + Math.floor(Math.random() * 1e8);
    for (let i = 0; i < leaders; i += 1000) {
      const uids = Array.from({ length: Math.min(1000, leaders - i) }, (_, k) =>
        String(base + i + k),
      );
      await db.execute(
        `WITH l AS (INSERT INTO leaders (name, weibo_uid) SELECT '基准', u FROM unnest($1::text[]) AS u RETURNING id)
         INSERT INTO feeds (leader_id, next_poll_at) SELECT id, '2025-01-01' FROM l`,
        [uids],
      );
    }
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const started = process.hrtime.bigint();
    const cycle = await app.get(PollService).runCycle();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
    console.log(
      `[${engine}] ${cycle.polled} feeds scheduled and polled (empty) in one cycle in ${seconds.toFixed(1)} s ` +
        `(${Math.round(cycle.polled / seconds)} feeds/s); RSS before the cycle ${mb(before)}, peak ${mb(peak)} ` +
        `(+${mb(peak - before)})`,
    );
  } finally {
    await app.close();
    await scratch.drop();
  }
}

async function main(): Promise<void> {
  const comments = arg('comments', 20_000);
  const leaders = arg('leaders', 10_000);
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const serverScratch = async (): Promise<Scratch> => {
    const name = `minsheng_bench_ingest_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      settings: config(url.toString(), ''),
      drop: async () => {
        if (flag('keep')) {
          console.log(`kept database ${name}`);
        } else {
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        }
      },
    };
  };
  const pgliteScratch = (): Promise<Scratch> =>
    Promise.resolve({
      settings: config(null, `memory://bench-${randomUUID()}`),
      drop: () => Promise.resolve(),
    });
  try {
    await ingestRun('postgresql', serverScratch, comments);
    await scheduleInChild('postgresql', await serverScratch(), leaders);
    if (flag('pglite')) {
      await ingestRun('pglite', pgliteScratch, comments);
      await scheduleInChild('pglite', await pgliteScratch(), leaders);
    }
  } finally {
    await admin.end();
  }
}

/**
 * The RSS figure comes from a fresh process (ts-node in transpile-only mode,
 * as close to `node dist/` as a benchmark gets), not from this one, which
 * holds the type-checking compiler and the recorded feed.
 */
async function scheduleInChild(engine: string, scratch: Scratch, leaders: number): Promise<void> {
  try {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '-r',
        'ts-node/register/transpile-only',
        __filename,
        '--schedule-child',
        JSON.stringify({ engine, settings: scratch.settings, leaders }),
      ],
      { stdio: 'inherit' },
    );
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) {
      throw new Error(`the scheduling run exited with ${code}`);
    }
  } finally {
    await scratch.drop();
  }
}

const childArg = process.argv.indexOf('--schedule-child');
const run =
  childArg >= 0
    ? (() => {
        const job = JSON.parse(process.argv[childArg + 1]) as {
          engine: string;
          settings: AppConfig;
          leaders: number;
        };
        return scheduleRun(
          job.engine,
          { settings: job.settings, drop: () => Promise.resolve() },
          job.leaders,
        );
      })()
    : main();

run.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
