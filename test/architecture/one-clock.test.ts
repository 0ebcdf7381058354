/**
 * One time source (the injected clock) for business time. The service runs
 * here with a clock set two years away from the wall clock: every time it
 * records or compares comes from that clock, never from the database's
 * now() or the process's Date.now.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';

const CLOCK = new Date('2024-06-03T02:00:00.000Z');
const HOUR = 3_600_000;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return name === 'migrations' ? [] : sourceFiles(path);
    }
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('one clock', () => {
  let t: TestApp;
  let clock: TestClock;
  let weibo: FakeWeibo;

  beforeAll(async () => {
    clock = new TestClock(CLOCK);
    weibo = new FakeWeibo({ dateStyle: 'relative', now: () => clock.now() });
    const baseUrl = await weibo.start();
    t = await startTestApp({ clock, config: { weiboBaseUrl: baseUrl, weiboMinIntervalMs: 0 } });
  });

  afterAll(async () => {
    await t.close();
    await weibo.stop();
  });

  it('no SQL in src reads the database clock for business time (row bookkeeping updated_at aside)', () => {
    const root = join(__dirname, '..', '..', 'src');
    const offenders: string[] = [];
    for (const file of sourceFiles(root)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const withoutBookkeeping = line.replace(/updated_at = now\(\)/g, '');
          if (
            /(?<![.\w])now\(\)(?!\s*[:{])|CURRENT_TIMESTAMP|clock_timestamp\(\)|statement_timestamp\(\)/i.test(
              withoutBookkeeping,
            )
          ) {
            offenders.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
          }
        });
    }
    expect(offenders).toEqual([]);
  });

  it("records a leader's creation and its feed's first due time at the clock's time", async () => {
    const leader = await createLeader(t);
    const body = (await t.http.get(`/api/v1/leaders/${leader.id}`).set(t.admin).expect(200)).body;
    expect(body.createdAt).toBe(CLOCK.toISOString());
    const [feed] = await t.db.query<{ next_poll_at: Date }>(
      'SELECT next_poll_at FROM feeds WHERE leader_id = $1',
      [leader.id],
    );
    expect(feed.next_poll_at.toISOString()).toBe(CLOCK.toISOString());
  });

  it('makes a reactivated feed due at the clock, so the next poll cycle takes it', async () => {
    const leader = await createLeader(t);
    await t.http
      .patch(`/api/v1/leaders/${leader.id}`)
      .set(t.admin)
      .send({ active: false })
      .expect(200);
    clock.advance(72 * HOUR);
    const reactivated = clock.now();
    await t.http
      .patch(`/api/v1/leaders/${leader.id}`)
      .set(t.admin)
      .send({ active: true })
      .expect(200);
    const [feed] = await t.db.query<{ next_poll_at: Date; status: string }>(
      'SELECT next_poll_at, status FROM feeds WHERE leader_id = $1',
      [leader.id],
    );
    // Database time is two years later: a comparison with it would leave the feed waiting until then.
    expect(feed).toEqual({ next_poll_at: reactivated, status: 'pending' });
    const health = (await t.http.get('/health').expect(200)).body;
    expect(health.feeds.due).toBeGreaterThanOrEqual(1);
  });

  it('stamps a revoked key with the clock', async () => {
    const key = await issueKey(t, 'auditor');
    await t.http
      .delete(`/api/v1/api-keys/${key.id}`)
      .set(t.admin)
      .expect((r) => expect(r.status).toBeLessThan(300));
    const [row] = await t.db.query<{ revoked_at: Date; created_at: Date }>(
      'SELECT revoked_at, created_at FROM api_keys WHERE id = $1',
      [key.id],
    );
    expect(row.revoked_at.toISOString()).toBe(clock.now().toISOString());
    expect(row.created_at.toISOString()).toBe(clock.now().toISOString());
  });

  it('resolves relative Weibo dates (分钟前) against the clock, not the wall clock', async () => {
    const leader = await createLeader(t);
    weibo.addUser(leader.weiboUid, '平安A市');
    const postAt = new Date(clock.now().getTime() - 2 * HOUR);
    weibo.addPost(leader.weiboUid, { id: '880001', text: '夏季防溺水提示', createdAt: postAt });
    weibo.addComment('880001', {
      id: '880101',
      userId: '7100',
      userName: '市民小李',
      text: '我要投诉，河边没有护栏，孩子们天天在那里游泳，太危险了',
      createdAt: new Date(clock.now().getTime() - 25 * 60_000),
      likeCount: 1,
    });
    await t.http.post(`/api/v1/leaders/${leader.id}/poll`).set(t.admin).expect(200);
    const [comment] = await t.db.query<{ created_at: Date }>(
      'SELECT created_at FROM comments WHERE id = $1',
      ['880101'],
    );
    // "25分钟前" read at the clock's time: minute precision.
    expect(
      Math.abs(comment.created_at.getTime() - (clock.now().getTime() - 25 * 60_000)),
    ).toBeLessThan(60_000);
  });
});
