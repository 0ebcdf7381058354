import { snapshotHash } from '../../src/metrics/snapshot-format';
import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';
import { type SeedCase, seedLeaderData } from './metrics-seed';

const T0 = Date.parse('2025-03-03T00:00:00+08:00');
const h = (hours: number): Date => new Date(T0 + hours * 3_600_000);
const WINDOW = {
  from: '2025-03-03T00:00:00+08:00',
  to: '2025-03-10T00:00:00+08:00',
  asOf: '2025-03-12T12:00:00+08:00',
};

/** n cases opened at T0+1h.., each answered after 1h if `answered`, before a 24h deadline. */
async function seedCases(t: TestApp, leaderId: string, n: number, answered: number, tag = '') {
  const prefix = `${leaderId}${tag}`;
  const cases: SeedCase[] = Array.from({ length: n }, (_, i) => ({
    commentId: `${prefix}-c${i}`,
    openedAt: h(i + 1),
    acknowledgeDeadline: h(i + 25),
    firstResponseAt: i < answered ? h(i + 2) : null,
    firstResponseBy: i < answered ? ('leader' as const) : null,
    closing: null,
    surveys: [],
  }));
  await seedLeaderData(t.db, leaderId, {
    posts: [{ id: `${prefix}-p`, createdAt: h(0), held: 3, reported: 3 }],
    comments: cases.map((c) => ({
      id: c.commentId,
      postId: `${prefix}-p`,
      createdAt: c.openedAt,
      byLeader: false,
      kind: 'complaint' as const,
      authorName: '市民赵六',
    })),
    cases,
  });
}

type RankingBody = { items: { rank: number; leaderId: string; score: number }[] };
const leaderIdsOf = (body: RankingBody): string[] => body.items.map((i) => i.leaderId);

describe('ranking and snapshots', () => {
  let t: TestApp;
  let evaluator: string;
  let auditor: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ clock: new TestClock(new Date('2025-04-01T04:00:00Z')) });
    evaluator = (await issueKey(t, 'evaluator')).key;
    auditor = (await issueKey(t, 'auditor')).key;
    const leaders = [
      { key: 'best', name: '张伟', unit: 'A市公安局', regionCode: '430100', n: 4, answered: 4 },
      {
        key: 'half',
        name: '李娜, "副局长"',
        unit: 'A市公安局',
        regionCode: '430100',
        n: 4,
        answered: 2,
      },
      { key: 'none', name: '=王芳', unit: 'B市公安局', regionCode: '430200', n: 2, answered: 0 },
      { key: 'idle', name: '刘洋', unit: 'B市公安局', regionCode: '430200', n: 0, answered: 0 },
      { key: 'gone', name: '陈静', unit: 'A市公安局', regionCode: '430100', n: 3, answered: 3 },
    ];
    for (const l of leaders) {
      ids[l.key] = (
        await createLeader(t, { name: l.name, unit: l.unit, regionCode: l.regionCode })
      ).id;
      await seedCases(t, ids[l.key], l.n, l.answered);
    }
    await t.http.delete(`/api/v1/leaders/${ids.gone}`).set(t.admin).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('ranks every active leader, best score first, with the rule stated', async () => {
    const response = await t.http
      .get('/api/v1/metrics/ranking')
      .query(WINDOW)
      .set(t.as(evaluator))
      .expect(200);
    const body = response.body;
    expect(body.total).toBe(4);
    expect(body.page).toBe(1);
    expect(body.pageSize).toBe(50);
    expect(body.definitionVersion).toBe('v1');
    expect(body.rankingRule).toContain('score desc');
    // best: 0.4 + 0.1 = 0.5; half: 0.4·2/4 + 0.1·(1 − 2/4) = 0.25 (2 overdue);
    // none: 0.1·(1 − 2/2) = 0 with 2 cases; idle: 0 with no case (fewer cases: ranks last)
    expect(leaderIdsOf(body)).toEqual([ids.best, ids.half, ids.none, ids.idle]);
    expect((body as RankingBody).items.map((i) => [i.rank, i.score])).toEqual([
      [1, 0.5],
      [2, 0.25],
      [3, 0],
      [4, 0],
    ]);
    expect(body.items[0]).toMatchObject({ name: '张伟', unit: 'A市公安局', regionCode: '430100' });
    expect(body.items[0].metrics.onTimeResponseRate).toEqual({
      value: 1,
      numerator: 4,
      denominator: 4,
    });
    expect(JSON.stringify(body)).not.toContain('赵六');
  });

  it('filters by region and unit, and pages', async () => {
    const region = await t.http
      .get('/api/v1/metrics/ranking')
      .query({ ...WINDOW, regionCode: '430200' })
      .set(t.as(auditor))
      .expect(200);
    expect(leaderIdsOf(region.body)).toEqual([ids.none, ids.idle]);
    const unit = await t.http
      .get('/api/v1/metrics/ranking')
      .query({ ...WINDOW, unit: 'A市公安局', page: 2, pageSize: 1 })
      .set(t.admin)
      .expect(200);
    expect(unit.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(unit.body.items).toHaveLength(1);
    expect(unit.body.items[0]).toMatchObject({ rank: 2, leaderId: ids.half });
    await t.http
      .get('/api/v1/metrics/ranking')
      .query({ pageSize: 501 })
      .set(t.as(evaluator))
      .expect(400);
    const bad = await t.http
      .get('/api/v1/metrics/ranking')
      .query({ to: 'tomorrow' })
      .set(t.as(evaluator))
      .expect(400);
    expect(bad.body.message).toContain('to');
  });

  describe('snapshots', () => {
    let snapshot: { id: string; hash: string; items: unknown[]; [key: string]: unknown };

    beforeAll(async () => {
      const response = await t.http
        .post('/api/v1/snapshots')
        .set(t.as(evaluator))
        .send({ ...WINDOW, name: '2025年3月第一周考评' })
        .expect(201);
      snapshot = response.body;
    });

    it('freezes the full ranking with the SHA-256 of its canonical content', async () => {
      expect(snapshot.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(snapshot.createdAt).toBe('2025-04-01T04:00:00.000Z');
      expect(snapshot.definitionVersion).toBe('v1');
      expect(snapshot.window).toEqual({
        from: '2025-03-02T16:00:00.000Z',
        to: '2025-03-09T16:00:00.000Z',
        asOf: '2025-03-12T04:00:00.000Z',
      });
      expect(snapshot.items).toHaveLength(4);
      expect(snapshot.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(snapshotHash(snapshot as never)).toBe(snapshot.hash);
      const ranking = await t.http
        .get('/api/v1/metrics/ranking')
        .query(WINDOW)
        .set(t.as(evaluator))
        .expect(200);
      expect(snapshot.items).toEqual(ranking.body.items);
    });

    it('returns the stored content unchanged, whoever reads it and whatever happened since', async () => {
      // Data changes after the snapshot: the live ranking moves, the snapshot does not.
      await seedCases(t, ids.idle, 5, 5, '-later');
      for (const key of [evaluator, auditor]) {
        const response = await t.http
          .get(`/api/v1/snapshots/${snapshot.id}`)
          .set(t.as(key))
          .expect(200);
        expect(response.body).toMatchObject({
          id: snapshot.id,
          hash: snapshot.hash,
          name: '2025年3月第一周考评',
          verified: true,
        });
        expect(response.body.items).toEqual(snapshot.items);
        expect(snapshotHash(response.body)).toBe(snapshot.hash);
      }
      const live = await t.http
        .get('/api/v1/metrics/ranking')
        .query(WINDOW)
        .set(t.as(evaluator))
        .expect(200);
      expect(live.body.items[0].leaderId).toBe(ids.idle);
    });

    it('refuses to change or delete a stored snapshot, even with raw SQL', async () => {
      await expect(
        t.db.execute(`UPDATE snapshots SET hash = 'forged' WHERE id = $1`, [snapshot.id]),
      ).rejects.toThrow(/append-only/);
      await expect(
        t.db.execute(`DELETE FROM snapshots WHERE id = $1`, [snapshot.id]),
      ).rejects.toThrow(/append-only/);
      const response = await t.http
        .get(`/api/v1/snapshots/${snapshot.id}`)
        .set(t.as(evaluator))
        .expect(200);
      expect(response.body.hash).toBe(snapshot.hash);
    });

    it('serves CSV for Excel: UTF-8 with BOM, text/csv, Chinese intact, formulas defused', async () => {
      const response = await t.http
        .get(`/api/v1/snapshots/${snapshot.id}`)
        .query({ format: 'csv' })
        .set(t.as(evaluator))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="snapshot-${snapshot.id}.csv"`,
      );
      const bytes = response.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8');
      const lines = text.slice(1).split('\r\n');
      expect(lines).toHaveLength(4 + 2); // header, 4 leaders, trailing empty
      expect(lines[0]).toContain('排名(rank)');
      expect(lines[1]).toContain(`1,${ids.best},张伟,A市公安局,430100,0.5,`);
      expect(text).toContain('"李娜, ""副局长"""');
      expect(text).toContain("'=王芳");
      expect(text).not.toContain('赵六');
    });

    it('lists snapshots without their items', async () => {
      const response = await t.http.get('/api/v1/snapshots').set(t.as(auditor)).expect(200);
      expect(response.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
      expect(response.body.items[0]).toMatchObject({
        id: snapshot.id,
        hash: snapshot.hash,
        name: '2025年3月第一周考评',
        filters: { regionCode: null, unit: null },
      });
      expect(response.body.items[0]).not.toHaveProperty('items');
    });

    it('lets evaluators and admins create; auditors, leaders and staff may not', async () => {
      const own = (await issueKey(t, 'leader', [ids.best])).key;
      const staff = (await issueKey(t, 'staff', [ids.best])).key;
      for (const key of [auditor, own, staff]) {
        await t.http.post('/api/v1/snapshots').set(t.as(key)).send(WINDOW).expect(403);
      }
      for (const key of [own, staff]) {
        await t.http.get(`/api/v1/snapshots/${snapshot.id}`).set(t.as(key)).expect(403);
        await t.http.get('/api/v1/snapshots').set(t.as(key)).expect(403);
      }
      const filtered = await t.http
        .post('/api/v1/snapshots')
        .set(t.admin)
        .send({ ...WINDOW, regionCode: '430200' })
        .expect(201);
      expect(filtered.body.items).toHaveLength(2);
      expect(snapshotHash(filtered.body)).toBe(filtered.body.hash);
    });

    it('answers 400 for bad bodies and formats, 404 for unknown snapshots', async () => {
      const missing = await t.http
        .post('/api/v1/snapshots')
        .set(t.as(evaluator))
        .send({ to: WINDOW.to })
        .expect(400);
      expect(missing.body.message).toContain('from');
      const reversed = await t.http
        .post('/api/v1/snapshots')
        .set(t.as(evaluator))
        .send({ from: WINDOW.to, to: WINDOW.from })
        .expect(400);
      expect(reversed.body.message).toContain('from');
      const stray = await t.http
        .post('/api/v1/snapshots')
        .set(t.as(evaluator))
        .send({ ...WINDOW, hash: 'mine' })
        .expect(400);
      expect(stray.body.message).toContain('hash');
      const format = await t.http
        .get(`/api/v1/snapshots/${snapshot.id}`)
        .query({ format: 'xlsx' })
        .set(t.as(evaluator))
        .expect(400);
      expect(format.body.message).toContain('format');
      await t.http
        .get('/api/v1/snapshots/6f0c3f1e-2b7a-4c55-9a43-0c1f7f1c2d9e')
        .set(t.as(evaluator))
        .expect(404);
      await t.http.get('/api/v1/snapshots/not-an-id').set(t.as(evaluator)).expect(400);
    });
  });
});
