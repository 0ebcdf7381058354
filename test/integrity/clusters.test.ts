import { seedCase } from '../cases/case-seed';
import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';

interface ClusterBody {
  clusterId: string;
  size: number;
  caseIds: string[];
  openDuplicates: number;
  text: string;
}

describe('near-duplicate clusters: listing, the case view, closing the rest as duplicates', () => {
  let t: TestApp;
  let leader: { id: string; weiboUid: string };
  let other: { id: string; weiboUid: string };
  let staff: { Authorization: string };
  const ids: string[] = [];
  let unrelated: string;
  const window = { from: '2025-03-01T00:00:00+08:00', to: '2025-04-01T00:00:00+08:00' };

  beforeAll(async () => {
    t = await startTestApp({ clock: new TestClock(new Date('2025-03-05T02:00:00Z')) });
    leader = await createLeader(t);
    other = await createLeader(t);
    staff = t.as((await issueKey(t, 'staff', [leader.id])).key);
    const texts = [
      '投诉：幸福小区门口的烧烤摊每天半夜还在营业，油烟和噪音扰民，希望城管尽快处理！',
      '幸福小区门口烧烤摊每天半夜还在营业，油烟噪音扰民，希望城管尽快处理[怒]',
      '回复@市民小李:同样投诉，幸福小区门口的烧烤摊每天半夜还在营业，油烟和噪音扰民，希望尽快处理',
    ];
    for (const [n, text] of texts.entries()) {
      ids.push(
        (await seedCase(t, leader, { text, createdAt: new Date(Date.UTC(2025, 2, 3, 1 + n)) })).id,
      );
    }
    unrelated = (
      await seedCase(t, leader, {
        text: '求助：我家老人走失了，穿灰色外套，最后出现在火车站附近',
        createdAt: new Date('2025-03-03T00:30:00Z'),
      })
    ).id;
    await seedCase(t, other, { text: texts[0], createdAt: new Date('2025-03-02T00:00:00Z') });
  });
  afterAll(async () => {
    await t.close();
  });

  const list = async (who = staff) =>
    (await t.http.get(`/api/v1/leaders/${leader.id}/clusters`).query(window).set(who).expect(200))
      .body as { items: ClusterBody[]; total: number; threshold: number; page: number };

  it("groups one leader's near-duplicates under the first case, other leaders' cases apart", async () => {
    const body = await list();
    expect(body).toMatchObject({ total: 1, page: 1, pageSize: 50, threshold: 0.5 });
    expect(body.items).toEqual([
      expect.objectContaining({
        clusterId: ids[0],
        size: 3,
        caseIds: ids,
        openDuplicates: 2,
      }),
    ]);
    const view = await t.http.get(`/api/v1/cases/${ids[2]}`).set(staff).expect(200);
    expect(view.body.clusterId).toBe(ids[0]);
    const alone = await t.http.get(`/api/v1/cases/${unrelated}`).set(staff).expect(200);
    expect(alone.body.clusterId).toBeNull();
    const cases = await t.http.get(`/api/v1/leaders/${leader.id}/cases`).set(staff).expect(200);
    const clusterOf = new Map(
      (cases.body.items as { id: string; clusterId: string | null }[]).map((c) => [
        c.id,
        c.clusterId,
      ]),
    );
    expect(ids.map((id) => clusterOf.get(id))).toEqual([ids[0], ids[0], ids[0]]);
    // A window that holds none of the cluster's cases lists nothing.
    const before = await t.http
      .get(`/api/v1/leaders/${leader.id}/clusters`)
      .query({ from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' })
      .set(staff)
      .expect(200);
    expect(before.body).toMatchObject({ items: [], total: 0 });
  });

  it('closes the rest of a cluster as duplicate of its first case, one audit event each, once', async () => {
    const url = `/api/v1/leaders/${leader.id}/clusters/${ids[0]}/close-duplicates`;
    const closed = await t.http.post(url).set(staff).send({}).expect(200);
    expect(closed.body).toEqual({
      clusterId: ids[0],
      duplicateOf: ids[0],
      closed: [ids[1], ids[2]],
      skipped: [],
    });
    for (const id of ids.slice(1)) {
      const view = await t.http.get(`/api/v1/cases/${id}`).set(staff).expect(200);
      expect(view.body).toMatchObject({
        status: 'closed',
        outcome: 'duplicate',
        duplicateOf: ids[0],
      });
      const events = await t.db.query<{ action: string; after: { type?: string } }>(
        `SELECT action, after FROM audit_events WHERE case_id = $1 ORDER BY seq`,
        [id],
      );
      expect(events.map((e) => e.action)).toEqual(['case.opened', 'case.follow_up']);
    }
    const first = await t.http.get(`/api/v1/cases/${ids[0]}`).set(staff).expect(200);
    expect(first.body.status).toBe('open');
    const again = await t.http.post(url).set(staff).send({ text: '合并处理' }).expect(200);
    expect(again.body).toMatchObject({
      closed: [],
      skipped: [
        { caseId: ids[1], status: 'closed' },
        { caseId: ids[2], status: 'closed' },
      ],
    });
    expect((await list()).items[0].openDuplicates).toBe(0);
    await t.http
      .get('/api/v1/audit/verify')
      .set(t.admin)
      .expect(200, /"ok":true/);
  });

  it('checks roles, scope and input', async () => {
    const url = `/api/v1/leaders/${leader.id}/clusters`;
    await t.http
      .get(url)
      .set(t.as((await issueKey(t, 'staff', [other.id])).key))
      .expect(403);
    await t.http
      .get(url)
      .set(t.as((await issueKey(t, 'auditor')).key))
      .expect(200);
    await t.http
      .post(`${url}/${ids[0]}/close-duplicates`)
      .set(t.as((await issueKey(t, 'auditor')).key))
      .send({})
      .expect(403);
    // An admin is assigned to no leader: closures, like follow-ups, are the leader's staff's.
    await t.http.post(`${url}/${ids[0]}/close-duplicates`).set(t.admin).send({}).expect(403);
    await t.http
      .post(`${url}/${ids[0]}/close-duplicates`)
      .set(t.as((await issueKey(t, 'staff', [other.id])).key))
      .send({})
      .expect(403);
    for (const [path, body, field] of [
      [`${url}/not-a-uuid/close-duplicates`, {}, /clusterId/],
      [`${url}/${ids[0]}/close-duplicates`, { text: '' }, /text/],
      [`${url}/${ids[0]}/close-duplicates`, { text: 5 }, /text/],
      [`${url}/${ids[0]}/close-duplicates`, { duplicateOf: ids[1] }, /duplicateOf/],
      [`/api/v1/leaders/nope/clusters/${ids[0]}/close-duplicates`, {}, /id/],
    ] as [string, object, RegExp][]) {
      const response = await t.http.post(path).set(staff).send(body).expect(400);
      expect(JSON.stringify(response.body.message)).toMatch(field);
    }
    for (const [query, field] of [
      ['from=yesterday', /from/],
      ['pageSize=0', /pageSize/],
      ['page=x', /page/],
      ['status=open', /status/],
    ] as [string, RegExp][]) {
      const response = await t.http.get(`${url}?${query}`).set(staff).expect(400);
      expect(JSON.stringify(response.body.message)).toMatch(field);
    }
    await t.http.post(`${url}/${unrelated}/close-duplicates`).set(staff).send({}).expect(404);
    await t.http
      .get('/api/v1/leaders/00000000-0000-4000-8000-000000000000/clusters')
      .set(t.admin)
      .expect(404);
  });
});
