/**
 * The service stopped with SIGTERM in the middle of a leader's first poll,
 * then restarted on the same database: it stores the post in hand, hands
 * the feed back and frees its lease before it exits, so the restarted
 * instance polls the feed at once (200, not 409 POLL_IN_PROGRESS) and the
 * store ends whole.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import {
  COMMENTS_PER_POST,
  createLeaderThrough,
  FEED_COMMENTS,
  openStore,
  POSTS,
  REPLIES_PER_THREAD,
  seedFeed,
  serviceEnv,
  waitFor,
} from '../support/crash-feed';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const FEED = { prefix: '403', uid: String(5_400_000_000 + Math.floor(Math.random() * 1e8)) };
/** Two cold starts of the service under ts-node, on a busy two-core machine. */
/** A cold start under ts-node on a machine other suites keep busy. */
const READY_TIMEOUT_MS = 90_000;
const TEST_TIMEOUT_MS = 2 * READY_TIMEOUT_MS + 30_000;

describe('SIGTERM in the middle of a poll, then a restart', () => {
  const now = new Date();
  let weibo: FakeWeibo;
  let baseUrl: string;
  let server: TestDatabase | null = null;
  let workDir: string;
  let dataDir: string;
  let service: ServiceProcess | null = null;
  let postIds: string[];

  beforeAll(async () => {
    weibo = new FakeWeibo({ timelinePageSize: 3 });
    baseUrl = await weibo.start();
    postIds = seedFeed(weibo, FEED.uid, FEED.prefix, now);
    workDir = mkdtempSync(join(tmpdir(), 'minsheng-shutdown-'));
    dataDir = join(workDir, 'data');
    if (process.env.DATABASE_URL) {
      server = await createTestDatabase();
    }
  });

  afterAll(async () => {
    await service?.kill();
    await weibo?.stop();
    await server?.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it(
    'finishes the post in hand, frees the lease, and the restarted instance polls at once',
    async () => {
      const env = serviceEnv(server, dataDir, baseUrl);
      const logFile = join(workDir, 'service.log');

      service = await startServiceProcess({ env, logFile, readyTimeoutMs: READY_TIMEOUT_MS });
      const leaderId = await createLeaderThrough(service.url, service.admin, FEED.uid);
      weibo.setLatency(25);
      weibo.resetLog();
      const polling = fetch(`${service.url}/api/v1/leaders/${leaderId}/poll`, {
        method: 'POST',
        headers: service.admin,
      })
        .then(async (response) => ({ status: response.status, body: await response.text() }))
        .catch(() => null);
      // Post 4 is in hand: its comments are being read.
      await waitFor(() =>
        weibo.requestsTo('/comments/hotflow').some((r) => r.query.id === postIds[3]),
      );
      const stopped = Date.now();
      await service.stop();
      const stopMs = Date.now() - stopped;
      const log = service.log();
      service = null;
      weibo.setLatency(0);
      // The poll in hand was answered as stopped by the shutdown (or its socket closed with the server).
      const answer = await polling;
      if (answer) {
        expect(answer.status).toBe(503);
        expect(JSON.parse(answer.body)).toMatchObject({ error: 'SHUTTING_DOWN' });
      }
      expect(log).toContain('"event":"poll.stopped"');
      expect(log).toContain('"event":"poll.worker_stopped"');
      // A graceful stop takes the post in hand, not the rest of the feed.
      expect(stopMs).toBeLessThan(30_000);

      let store = await openStore(server, dataDir);
      try {
        const [state] = await store.sql.query<{ posts: number; comments: number }>(
          `SELECT (SELECT count(*)::int FROM posts WHERE leader_id = $1) AS posts,
                  (SELECT count(*)::int FROM comments WHERE leader_id = $1) AS comments`,
          [leaderId],
        );
        // The post in hand (the fourth) was finished; the rest waits for the next poll.
        expect(state.posts).toBeGreaterThanOrEqual(4);
        expect(state.posts).toBeLessThan(POSTS);
        expect(state.comments).toBe(state.posts * (COMMENTS_PER_POST + REPLIES_PER_THREAD));
        const [feed] = await store.sql.query<{
          lease_owner: string | null;
          lease_expires_at: Date | null;
          polls: number;
          last_success_at: Date | null;
        }>(
          `SELECT lease_owner, lease_expires_at, polls, last_success_at FROM feeds WHERE leader_id = $1`,
          [leaderId],
        );
        // Handed back without a checkpoint: free, and still due.
        expect(feed).toMatchObject({
          lease_owner: null,
          lease_expires_at: null,
          polls: 0,
          last_success_at: null,
        });
      } finally {
        await store.close();
      }

      // Second life: the very first poll is taken, not refused.
      service = await startServiceProcess({ env, logFile, readyTimeoutMs: READY_TIMEOUT_MS });
      const resumed = await fetch(`${service.url}/api/v1/leaders/${leaderId}/poll`, {
        method: 'POST',
        headers: service.admin,
      });
      expect(resumed.status).toBe(200);
      const counts = (await resumed.json()) as { posts: number; comments: number };
      expect(counts.posts).toBeGreaterThan(0);
      const view = await fetch(`${service.url}/api/v1/leaders/${leaderId}/feed`, {
        headers: service.admin,
      });
      expect(await view.json()).toMatchObject({
        status: 'ok',
        consecutiveFailures: 0,
        coverage: { value: 1, numerator: FEED_COMMENTS, denominator: FEED_COMMENTS },
      });
      await service.stop();
      service = null;

      store = await openStore(server, dataDir);
      try {
        const [whole] = await store.sql.query<{ posts: number; comments: number; ids: number }>(
          `SELECT (SELECT count(*)::int FROM posts WHERE leader_id = $1) AS posts,
                  (SELECT count(*)::int FROM comments WHERE leader_id = $1) AS comments,
                  (SELECT count(DISTINCT id)::int FROM comments WHERE leader_id = $1) AS ids`,
          [leaderId],
        );
        expect(whole).toEqual({ posts: POSTS, comments: FEED_COMMENTS, ids: FEED_COMMENTS });
      } finally {
        await store.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
