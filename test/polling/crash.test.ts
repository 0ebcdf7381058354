/**
 * The service killed with SIGKILL in the middle of a poll, then restarted on
 * the same database: the store is consistent at the kill (whole posts, no
 * half post), and after the next poll it equals a clean poll's store, with
 * no comment, case or audit event twice.
 *
 * The dead instance's lease is short (LEASE_MS, renewed by a heartbeat
 * while it lived): the restarted instance polls the feed within two minutes
 * of the kill, and until then the feed is refused with 409 and not read.
 *
 * The service runs as a child process. On PGlite the child and this test
 * cannot open the data directory together: the test reads it only while no
 * child runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEASE_MS } from '../../src/polling/poll.service';
import { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import {
  createLeaderThrough,
  FEED_COMMENTS,
  openStore,
  POSTS,
  seedFeed,
  serviceEnv,
  waitFor,
} from '../support/crash-feed';
import { storeSnapshot } from '../support/feed-fixture';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { createLeader, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** The clean run's leader and the crashed run's leader carry the same feed under these id prefixes. */
const CLEAN = { prefix: '401', uid: String(5_000_000_000 + Math.floor(Math.random() * 1e8)) };
const CRASHED = { prefix: '402', uid: String(5_200_000_000 + Math.floor(Math.random() * 1e8)) };
/** What "free within 2 minutes of the crash" is measured against. */
const FREE_WITHIN_MS = 120_000;

/** A cold start under ts-node on a machine other suites keep busy. */
const READY_TIMEOUT_MS = 90_000;
/**
 * Two cold starts of the service under ts-node (about 25 s on an idle
 * two-core machine, more when it is busy) and the wait for the dead
 * instance's lease to run out in real time (up to LEASE_MS).
 */
const TEST_TIMEOUT_MS = 2 * READY_TIMEOUT_MS + LEASE_MS + 30_000;

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
          comments: FEED_COMMENTS,
        });
        expected = {
          counts: clean.body as Record<string, number>,
          snapshot: await storeSnapshot(control.db, leader.id, CLEAN.prefix),
        };
      } finally {
        await control.close();
      }

      const env = serviceEnv(server, dataDir, baseUrl);
      const logFile = join(workDir, 'service.log');

      // First life: start polling slowly, and die once three posts are stored.
      service = await startServiceProcess({ env, logFile, readyTimeoutMs: READY_TIMEOUT_MS });
      const leaderId = await createLeaderThrough(service.url, service.admin, CRASHED.uid);
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
      const killedAt = Date.now();
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
        expect(state.comments).toBe((state.posts * FEED_COMMENTS) / POSTS);
        const [feed] = await store.sql.query<{
          lease_owner: string | null;
          lease_expires_at: Date;
          polls: number;
        }>(`SELECT lease_owner, lease_expires_at, polls FROM feeds WHERE leader_id = $1`, [
          leaderId,
        ]);
        // The dead instance still holds the lease, but a short one: its last
        // renewal (a post stored, or a heartbeat) was at most a lease ago.
        expect(feed.lease_owner).not.toBeNull();
        expect(feed.polls).toBe(0);
        expect(new Date(feed.lease_expires_at).getTime()).toBeLessThanOrEqual(killedAt + LEASE_MS);
      } finally {
        await store.close();
      }

      // Second life: the feed is refused while the dead lease lasts, nothing of
      // it is read meanwhile, and within two minutes of the kill the next poll
      // completes the store.
      service = await startServiceProcess({ env, logFile, readyTimeoutMs: READY_TIMEOUT_MS });
      weibo.resetLog();
      let resumed: Response;
      for (;;) {
        resumed = await fetch(`${service.url}/api/v1/leaders/${leaderId}/poll`, {
          method: 'POST',
          headers: service.admin,
        });
        if (resumed.status !== 409) {
          break;
        }
        expect(((await resumed.json()) as { error: string }).error).toBe('POLL_IN_PROGRESS');
        expect(weibo.requests).toHaveLength(0);
        expect(Date.now() - killedAt).toBeLessThan(FREE_WITHIN_MS);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      expect(resumed.status).toBe(200);
      expect(Date.now() - killedAt).toBeLessThan(FREE_WITHIN_MS);
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
          numerator: FEED_COMMENTS,
          denominator: FEED_COMMENTS,
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
