import { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import {
  type ApiCall,
  type DemoResult,
  populate,
  serveScenario,
} from '../../scripts/demo/demo-steps';
import { generateScenario, isActionable, type Scenario } from '../../scripts/demo/scenario';
import { CITIZEN_TEXTS } from '../../scripts/demo/scenario-texts';
import { ADMIN_KEY, startTestApp, type TestApp } from '../support/test-app';

/**
 * The demo's scenario (a quick one) through the real app: served by the fake
 * Weibo, harvested by the service's own client, worked through the API as
 * `npm run demo` does; then the store is read back against what the
 * scenario meant.
 */
const HAND_WRITTEN = new Set(Object.values(CITIZEN_TEXTS).flat());

type StoredComment = {
  id: string;
  by_leader: boolean;
  kind: string | null;
  case_id: string | null;
  first_response_at: Date | string | null;
  first_response_by: string | null;
};

describe('the demo scenario through the real app', () => {
  let t: TestApp;
  let weibo: FakeWeibo;
  let scenario: Scenario;
  let result: DemoResult;
  let stored: Map<string, StoredComment>;

  beforeAll(async () => {
    scenario = generateScenario({
      seed: 11,
      now: new Date(),
      postsPerLeader: 2,
      commentsPerPost: 6,
      longThreadReplies: 12,
    });
    weibo = new FakeWeibo({ commentsPageSize: 5, repliesPageSize: 5, inlineReplies: 2 });
    serveScenario(weibo, scenario);
    const weiboBaseUrl = await weibo.start();
    t = await startTestApp({ config: { weiboBaseUrl } });
    const call: ApiCall = async (method, path, key, body) => {
      const request =
        method === 'GET' ? t.http.get(path) : t.http.post(path).send(body as object | undefined);
      const response = await request.set(t.as(key));
      return { status: response.status, body: response.body as unknown };
    };
    result = await populate(call, ADMIN_KEY, scenario);
    const rows = await t.db.query<StoredComment>(
      `SELECT cm.id, cm.by_leader, cl.kind, c.id AS case_id, c.first_response_at, c.first_response_by
       FROM comments cm
       LEFT JOIN classifications cl ON cl.comment_id = cm.id
       LEFT JOIN cases c ON c.comment_id = cm.id`,
    );
    stored = new Map(rows.map((row) => [row.id, row]));
  });
  afterAll(async () => {
    await t.close();
    await weibo.stop();
  });

  it('registers every leader and harvests every post, comment and reply of the scenario', async () => {
    const leaders = await t.http.get('/api/v1/leaders').set(t.admin).expect(200);
    expect(leaders.body.total).toBe(scenario.leaders.length);
    expect(result.polled.posts).toBe(scenario.posts.length);
    expect(result.polled.comments).toBe(scenario.comments.length + scenario.replies.length);
    for (const c of scenario.comments) {
      expect(stored.get(c.comment.id)).toBeDefined();
    }
    for (const r of scenario.replies) {
      expect(stored.get(r.reply.id)?.by_leader).toBe(r.timing !== null);
    }
  });

  it('opens a case for each request and none for spam, praise or chatter', () => {
    for (const c of scenario.comments.filter((c) => HAND_WRITTEN.has(c.comment.text))) {
      const row = stored.get(c.comment.id)!;
      const expected = { kind: c.kind, hasCase: isActionable(c.kind) };
      expect([c.comment.text, { kind: row.kind, hasCase: row.case_id !== null }]).toEqual([
        c.comment.text,
        expected,
      ]);
    }
    const spam = scenario.comments.filter((c) => c.kind === 'spam');
    expect(spam.length).toBeGreaterThan(0);
    for (const r of scenario.replies.filter((r) => r.timing === null)) {
      expect(stored.get(r.reply.id)?.case_id).toBeNull();
    }
  });

  it("credits the leader's reply, found even deep in a thread past the inline replies", () => {
    const firstLeaderReply = new Map<string, Date>();
    for (const r of scenario.replies) {
      if (r.timing !== null && !firstLeaderReply.has(r.rootId)) {
        firstLeaderReply.set(r.rootId, r.reply.createdAt);
      }
    }
    let checked = 0;
    for (const c of scenario.comments.filter((c) => isActionable(c.kind))) {
      const row = stored.get(c.comment.id)!;
      if (row.case_id === null) {
        continue;
      }
      const replied = firstLeaderReply.get(c.comment.id);
      if (replied) {
        checked += 1;
        expect(row.first_response_by).toBe('leader');
        expect(new Date(row.first_response_at!).getTime()).toBe(replied.getTime());
      } else if (!scenario.followUps.some((f) => f.commentId === c.comment.id)) {
        expect(row.first_response_at).toBeNull();
      }
    }
    expect(checked).toBeGreaterThan(5);
    const perRoot = new Map<string, number>();
    scenario.replies.forEach((r) => perRoot.set(r.rootId, (perRoot.get(r.rootId) ?? 0) + 1));
    const longRoots = [...perRoot].filter(([, n]) => n > 5).map(([root]) => root);
    expect(longRoots.length).toBe(scenario.leaders.length);
    expect(weibo.requests.some((r) => r.path.includes('hotFlowChild'))).toBe(true);
  });

  it('records the staff work, surveys, two snapshots, a publication and an appeal', async () => {
    expect(result.refused).toEqual([]);
    expect(result.followUps).toBe(
      scenario.followUps.filter((f) => stored.get(f.commentId)?.case_id).length,
    );
    expect(result.surveys).toBeGreaterThan(0);
    expect(result.snapshotIds).toHaveLength(2);
    expect(result.publishedId).toBe(result.snapshotIds[0]);
    await t.http.get(`/public/reports/${result.publishedId}`).expect(200);
    const appeals = await t.http
      .get('/api/v1/appeals')
      .query({ status: 'pending' })
      .set(t.as(result.keys.evaluator))
      .expect(200);
    expect(appeals.body.total).toBe(1);
    for (const role of ['leader', 'staff', 'auditor', 'evaluator'] as const) {
      await t.http.get('/api/v1/leaders').set(t.as(result.keys[role])).expect(200);
    }
  });
});
