/**
 * The service killed with SIGKILL in the middle of a poll, then restarted on
 * the same database: the store is consistent at the kill (whole posts, no
 * half post), and after the next poll it equals a clean poll's store, with
 * no comment, case or audit event twice.
 *
 * The service runs as a child process. On PGlite the child and this test
 * cannot open the data directory together: the test reads it only while no
 * child runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import type { Sql } from '../../src/database/database';
import { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import { storeSnapshot } from '../support/feed-fixture';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { createLeader, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const POSTS = 8;
const COMMENTS_PER_POST = 25;
const REPLIES_PER_THREAD = 12;
/** The clean run's leader and the crashed run's leader carry the same feed under these id prefixes. */
const CLEAN = { prefix: '401', uid: String(5_000_000_000 + Math.floor(Math.random() * 1e8)) };
const CRASHED = { prefix: '402', uid: String(5_200_000_000 + Math.floor(Math.random() * 1e8)) };
const HOUR = 3_600_000;

interface Store {
  sql: Sql;
  close(): Promise<void>;
}

/** Opens the child's database from the test (PGlite: only while no child runs). */
async function openStore(database: TestDatabase | null, dataDir: string): Promise<Store> {
  if (database) {
    const client = new Client({ connectionString: database.databaseUrl ?? '' });
    await client.connect();
    return {
      sql: {
        query: async <T>(sql: string, params: unknown[] = []) =>
          (await client.query(sql, params)).rows as T[],
        execute: async (sql: string, params: unknown[] = []) =>
          (await client.query(sql, params)).rowCount ?? 0,
      },
      close: () => client.end(),
    };
  }
  // The service keeps its PGlite under MINSHENG_DATA_DIR/pglite.
  const db = await PGlite.create({ dataDir: join(dataDir, 'pglite') });
  return {
    sql: {
      query: async <T>(sql: string, params: unknown[] = []) =>
        (await db.query<T>(sql, params)).rows,
      execute: async (sql: string, params: unknown[] = []) =>
        (await db.query(sql, params)).affectedRows ?? 0,
    },
    close: () => db.close(),
  };
}

function seedFeed(weibo: FakeWeibo, uid: string, prefix: string, now: Date): string[] {
  let serial = 0;
  const nextId = () => `${prefix}${String(++serial).padStart(6, '0')}`;
  weibo.addUser(uid, '平安E市');
  const postIds: string[] = [];
  for (let p = 0; p < POSTS; p++) {
    const postId = nextId();
    postIds.push(postId);
    const postAt = new Date(now.getTime() - (p + 1) * 24 * HOUR);
    weibo.addPost(uid, { id: postId, text: `第${p + 1}期警情通报`, createdAt: postAt });
    for (let c = 0; c < COMMENTS_PER_POST; c++) {
      const commentId = nextId();
      const at = new Date(postAt.getTime() + (c + 1) * 60_000);
      weibo.addComment(postId, {
        id: commentId,
        userId: String(8_300_000_000 + c),
        userName: `市民${c}`,
        text:
          c % 3 === 0
            ? '我要投诉，小区门口每天晚上都有人飙车炸街，吵得睡不着'
            : c % 3 === 1
              ? '接到自称公安局的电话让我转账到安全账户，是不是诈骗？求助'
              : '辛苦了，感谢民警同志',
        createdAt: at,
        likeCount: (c * 13) % 40,
      });
      if (c === 0) {
        for (let r = 0; r < REPLIES_PER_THREAD; r++) {
          weibo.addReply(commentId, {
            id: nextId(),
            userId: r === 2 ? uid : String(8_400_000_000 + r),
            userName: r === 2 ? '平安E市' : `网友${r}`,
            text: r === 2 ? '已安排民警联系您核实处理' : '同样的问题',
            createdAt: new Date(at.getTime() + (r + 1) * 60_000),
          });
        }
      }
    }
  }
  return postIds;
}

/**
 * Two cold starts of the service under ts-node: about 25 s on an idle
 * two-core machine, more when the machine is busy; the default minute would
 * make that a flake.
 */
const TEST_TIMEOUT_MS = 150_000;

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('SIGKILL in the middle of a poll, then a restart', () => {
  const now = new Date();
  let weibo: FakeWeibo;
  let baseUrl: string;
  let server: TestDatabase | null = null;
  let database: TestDatabase;
  let workDir: string;
  let dataDir: string;
  let service: ServiceProcess | null = null;
  let postIds: string[];

  beforeAll(async () => {
    weibo = new FakeWeibo({ timelinePageSize: 3 });
    baseUrl = await weibo.start();
    seedFeed(weibo, CLEAN.uid, CLEAN.prefix, now);
    postIds = seedFeed(weibo, CRASHED.uid, CRASHED.prefix, now);
    workDir = mkdtempSync(join(tmpdir(), 'minsheng-crash-'));
    dataDir = join(workDir, 'data');
    if (process.env.DATABASE_URL) {
      server = await createTestDatabase();
      database = server;
    } else {
      // On disk, so that the child process opens it after this one closes it.
      database = { engine: 'pglite', databaseUrl: null, dataDir, drop: () => Promise.resolve() };
    }
  });

  afterAll(async () => {
    await service?.kill();
    await weibo?.stop();
    await server?.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it(
    'leaves whole posts at the kill, and the next poll completes the store to a clean poll’s',
    async () => {
      // The clean poll, in this process, on the same database (which it creates
      // and migrates), closed again before the child opens it.
      const control = await startTestApp({ config: { weiboBaseUrl: baseUrl }, database });
      let expected: {
        counts: Record<string, number>;
        snapshot: Awaited<ReturnType<typeof storeSnapshot>>;
      };
      try {
        const leader = await createLeader(control, { weiboUid: CLEAN.uid });
        const clean = await control.http
          .post(`/api/v1/leaders/${leader.id}/poll`)
          .set(control.admin)
          .expect(200);
        expect(clean.body).toMatchObject({
          posts: POSTS,
          comments: POSTS * (COMMENTS_PER_POST + REPLIES_PER_THREAD),
        });
        expected = {
          counts: clean.body as Record<string, number>,
          snapshot: await storeSnapshot(control.db, leader.id, CLEAN.prefix),
        };
      } finally {
        await control.close();
      }

      const env: Record<string, string> = {
        WEIBO_BASE_URL: baseUrl,
        WEIBO_MIN_INTERVAL_MS: '0',
        ...(server ? { DATABASE_URL: server.databaseUrl ?? '' } : { MINSHENG_DATA_DIR: dataDir }),
      };
      const logFile = join(workDir, 'service.log');

      // First life: start polling slowly, and die once three posts are stored.
      service = await startServiceProcess({ env, logFile });
      const created = await fetch(`${service.url}/api/v1/leaders`, {
        method: 'POST',
        headers: { ...service.admin, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          name: '李平安',
          title: '公安局局长',
          unit: 'E市公安局',
          regionCode: '440300',
          weiboUid: CRASHED.uid,
        }),
      });
      expect(created.status).toBe(201);
      const leaderId = ((await created.json()) as { id: string }).id;
      weibo.setLatency(25);
      weibo.resetLog();
      const polling = fetch(`${service.url}/api/v1/leaders/${leaderId}/poll`, {
        method: 'POST',
        headers: service.admin,
      }).catch(() => null);
      // The harvest reads post 4's comments only after post 3's transaction committed.
      await waitFor(() =>
        weibo.requestsTo('/comments/hotflow').some((r) => r.query.id === postIds[3]),
      );
      await service.kill();
      service = null;
      expect(await polling).toBeNull();
      weibo.setLatency(0);

      let store = await openStore(server, dataDir);
      try {
        const [state] = await store.sql.query<{ posts: number; comments: number; cases: number }>(
          `SELECT (SELECT count(*)::int FROM posts WHERE leader_id = $1) AS posts,
                (SELECT count(*)::int FROM comments WHERE leader_id = $1) AS comments,
                (SELECT count(*)::int FROM cases WHERE leader_id = $1) AS cases`,
          [leaderId],
        );
        // Whole posts only: each post's comments commit with it.
        expect(state.posts).toBeGreaterThanOrEqual(3);
        expect(state.posts).toBeLessThan(POSTS);
        expect(state.comments).toBe(state.posts * (COMMENTS_PER_POST + REPLIES_PER_THREAD));
        const [feed] = await store.sql.query<{ lease_owner: string | null; polls: number }>(
          `SELECT lease_owner, polls FROM feeds WHERE leader_id = $1`,
          [leaderId],
        );
        // The dead instance still holds the lease; nothing else frees it before it expires.
        expect(feed.lease_owner).not.toBeNull();
        expect(feed.polls).toBe(0);
        // Let the lease run out, as ten minutes would.
        await store.sql.execute(
          `UPDATE feeds SET lease_expires_at = now() - interval '1 second' WHERE leader_id = $1`,
          [leaderId],
        );
      } finally {
        await store.close();
      }

      // Second life: the next poll completes the store.
      service = await startServiceProcess({ env, logFile });
      const resumed = await fetch(`${service.url}/api/v1/leaders/${leaderId}/poll`, {
        method: 'POST',
        headers: service.admin,
      });
      expect(resumed.status).toBe(200);
      const counts = (await resumed.json()) as Record<string, number>;
      expect(counts.posts).toBeGreaterThan(0);
      const view = await fetch(`${service.url}/api/v1/leaders/${leaderId}/feed`, {
        headers: service.admin,
      });
      expect(await view.json()).toMatchObject({
        status: 'ok',
        consecutiveFailures: 0,
        coverage: {
          value: 1,
          numerator: POSTS * (COMMENTS_PER_POST + REPLIES_PER_THREAD),
          denominator: POSTS * (COMMENTS_PER_POST + REPLIES_PER_THREAD),
        },
      });
      await service.stop();
      service = null;

      store = await openStore(server, dataDir);
      try {
        expect(await storeSnapshot(store.sql, leaderId, CRASHED.prefix)).toEqual(expected.snapshot);
        // The audit chain is whole: one event per seq, each linked to the one before.
        const chain = await store.sql.query<{ seq_text: string; prev_hash: string; hash: string }>(
          `SELECT seq::text AS seq_text, prev_hash, hash FROM audit_events ORDER BY audit_events.seq`,
        );
        expect(chain.length).toBe(2 * expected.snapshot.auditEvents.length);
        chain.forEach((event, i) => {
          expect(Number(event.seq_text)).toBe(i + 1);
          if (i > 0) {
            expect(event.prev_hash).toBe(chain[i - 1].hash);
          }
        });
      } finally {
        await store.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
