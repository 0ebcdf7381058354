/**
 * Several service instances on one database share the feeds through row
 * leases: in a cycle each due feed is polled by exactly one of them, and a
 * feed whose holder died is taken over once its lease has run out.
 */
import { PollScheduler } from '../../src/polling/poll-scheduler';
import { LEASE_MS, PollService } from '../../src/polling/poll.service';
import { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import { createLeader, startTestApp, TestClock, type TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const NOW = new Date('2025-03-10T04:00:00Z');
const LEADERS = 50;

describe('two instances, one database, 50 leaders', () => {
  let weibo: FakeWeibo;
  let database: TestDatabase;
  let clock: TestClock;
  let a: TestApp;
  let b: TestApp;
  const leaders: { id: string; weiboUid: string }[] = [];

  /** Timeline page-1 reads per uid since the log was reset. */
  const firstPageReads = () => {
    const reads = new Map<string, number>();
    for (const r of weibo.requestsTo('/api/container/getIndex')) {
      if (r.query.page === '1') {
        const uid = r.query.containerid.slice(6);
        reads.set(uid, (reads.get(uid) ?? 0) + 1);
      }
    }
    return reads;
  };
  const feedRows = () =>
    a.db.query<{ leader_id: string; polls: number; lease_owner: string | null; status: string }>(
      `SELECT leader_id, polls, lease_owner, status FROM feeds`,
    );

  beforeAll(async () => {
    weibo = new FakeWeibo();
    const baseUrl = await weibo.start();
    // A little latency, so that the two instances' cycles really overlap.
    weibo.setLatency(2);
    database = await createTestDatabase();
    clock = new TestClock(NOW);
    const config = { weiboBaseUrl: baseUrl, weiboMinIntervalMs: 0 };
    a = await startTestApp({ config, clock, database });
    b = await startTestApp({ config, clock, database });
    for (let i = 0; i < LEADERS; i++) {
      const leader = await createLeader(a);
      leaders.push(leader);
      weibo.addUser(leader.weiboUid, `平安${i}`);
      const postId = String(3_000_000_000 + i);
      weibo.addPost(leader.weiboUid, {
        id: postId,
        text: '通告',
        createdAt: new Date(NOW.getTime() - 86_400_000),
      });
      weibo.addComment(postId, {
        id: String(3_100_000_000 + i),
        userId: String(8_200_000_000 + i),
        userName: `网友${i}`,
        text: '小区门口每天晚上都有人飙车，噪音太大了，我要投诉',
        createdAt: new Date(NOW.getTime() - 3_600_000),
      });
    }
    // Due since before the tick (the rows were created on the real clock).
    await a.db.execute(`UPDATE feeds SET next_poll_at = $1`, [new Date(NOW.getTime() - 60_000)]);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
    await weibo?.stop();
  });

  it('polls each feed exactly once per cycle, and takes over a dead instance’s feed after its lease expires', async () => {
    // A third instance died holding this feed's lease, just renewed: a whole lease to go.
    const orphan = leaders[7];
    await a.db.execute(
      `UPDATE feeds SET lease_owner = 'dead-host:1:deadbeef', lease_expires_at = $2 WHERE leader_id = $1`,
      [orphan.id, new Date(NOW.getTime() + LEASE_MS)],
    );

    weibo.resetLog();
    const [cycleA, cycleB] = await Promise.all([
      a.app.get(PollService).runCycle(),
      b.app.get(PollService).runCycle(),
    ]);
    expect(cycleA.polled + cycleB.polled).toBe(LEADERS - 1);
    expect(cycleA.failed + cycleB.failed).toBe(0);
    // The work was shared, not done twice.
    expect(cycleA.polled).toBeGreaterThan(0);
    expect(cycleB.polled).toBeGreaterThan(0);
    let reads = firstPageReads();
    for (const leader of leaders) {
      expect([leader.weiboUid, reads.get(leader.weiboUid) ?? 0]).toEqual([
        leader.weiboUid,
        leader === orphan ? 0 : 1,
      ]);
    }
    let rows = await feedRows();
    for (const row of rows) {
      expect(row.polls).toBe(row.leader_id === orphan.id ? 0 : 1);
      expect(row.lease_owner).toBe(row.leader_id === orphan.id ? 'dead-host:1:deadbeef' : null);
    }
    const [{ comments, cases }] = await a.db.query<{ comments: number; cases: number }>(
      `SELECT (SELECT count(*)::int FROM comments) AS comments, (SELECT count(*)::int FROM cases) AS cases`,
    );
    expect(comments).toBe(LEADERS - 1);
    expect(cases).toBe(LEADERS - 1);

    // Still leased: a second cycle right away polls nothing.
    weibo.resetLog();
    const again = await Promise.all([
      a.app.get(PollService).runCycle(),
      b.app.get(PollService).runCycle(),
    ]);
    expect(again[0].polled + again[1].polled).toBe(0);
    expect(weibo.requests).toHaveLength(0);

    // Past the dead lease: the next cycle takes the orphan, and polls the
    // others once more (they are due again), each once.
    clock.advance(LEASE_MS + 60_000);
    weibo.resetLog();
    const later = await Promise.all([
      a.app.get(PollService).runCycle(),
      b.app.get(PollService).runCycle(),
    ]);
    expect(later[0].polled + later[1].polled).toBe(LEADERS);
    reads = firstPageReads();
    for (const leader of leaders) {
      expect([leader.weiboUid, reads.get(leader.weiboUid)]).toEqual([leader.weiboUid, 1]);
    }
    rows = await feedRows();
    for (const row of rows) {
      expect(row).toMatchObject({
        polls: row.leader_id === orphan.id ? 1 : 2,
        lease_owner: null,
        status: 'ok',
      });
    }
    const [{ n }] = await a.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases`);
    expect(n).toBe(LEADERS);
  });

  it('a manual poll of a feed another instance holds is a 409, not a second poll', async () => {
    const leader = leaders[3];
    await a.db.execute(
      `UPDATE feeds SET lease_owner = 'other-host:2:cafebabe', lease_expires_at = $2 WHERE leader_id = $1`,
      [leader.id, new Date(clock.now().getTime() + 60_000)],
    );
    weibo.resetLog();
    const response = await b.http
      .post(`/api/v1/leaders/${leader.id}/poll`)
      .set(b.admin)
      .expect(409);
    expect(response.body.error).toBe('POLL_IN_PROGRESS');
    expect(weibo.requests).toHaveLength(0);
    const view = await a.http.get(`/api/v1/leaders/${leader.id}/feed`).set(a.admin).expect(200);
    expect(view.body.polling).toBe(true);
  });

  it('the cron tick only wakes each worker: it returns before any feed is claimed, and the workers share the cycle', async () => {
    clock.advance(2 * 60_000);
    weibo.resetLog();
    const before = await feedRows();
    a.app.get(PollScheduler).tick();
    b.app.get(PollScheduler).tick();
    // Both ticks returned; nothing was read yet.
    expect(weibo.requests).toHaveLength(0);
    await Promise.all([a.app.get(PollService).idle(), b.app.get(PollService).idle()]);
    const reads = firstPageReads();
    for (const leader of leaders) {
      expect([leader.weiboUid, reads.get(leader.weiboUid)]).toEqual([leader.weiboUid, 1]);
    }
    const after = await feedRows();
    const polls = new Map(before.map((row) => [row.leader_id, row.polls]));
    for (const row of after) {
      expect(row.polls).toBe((polls.get(row.leader_id) ?? 0) + 1);
      expect(row.lease_owner).toBeNull();
    }
  });
});
