import { ADMIN_KEY, createLeader, issueKey, startTestApp, type TestApp } from '../support/test-app';

describe('HTTP conventions, keys and roles', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves health without a key and says which engine answers', async () => {
    const response = await t.http.get('/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      database: 'up',
      feeds: { total: expect.any(Number) },
    });
    expect(response.body.engine).toBe(t.database.engine);
  });

  it('serves the OpenAPI document at /docs', async () => {
    const response = await t.http.get('/docs/json').expect(200);
    expect(response.body.paths).toHaveProperty('/api/v1/leaders');
  });

  it('refuses a missing or unknown key with 401', async () => {
    await t.http.get('/api/v1/leaders').expect(401);
    await t.http.get('/api/v1/leaders').set('Authorization', 'Bearer nope').expect(401);
    await t.http.get('/api/v1/leaders').set('Authorization', `Basic ${ADMIN_KEY}`).expect(401);
  });

  it('stores keys only as hashes', async () => {
    const { key } = await issueKey(t, 'auditor');
    const rows = await t.db.query<{ key_hash: string }>(`SELECT key_hash FROM api_keys`);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.key_hash).not.toContain(key);
    }
    const dump = JSON.stringify(await t.db.query(`SELECT * FROM api_keys`));
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(ADMIN_KEY);
  });

  it('revokes keys', async () => {
    const { id, key } = await issueKey(t, 'auditor');
    await t.http.get('/api/v1/leaders').set(t.as(key)).expect(200);
    await t.http.delete(`/api/v1/api-keys/${id}`).set(t.admin).expect(204);
    await t.http.get('/api/v1/leaders').set(t.as(key)).expect(401);
  });

  it('requires leader ids for leader and staff keys, and only for them', async () => {
    const missing = await t.http
      .post('/api/v1/api-keys')
      .set(t.admin)
      .send({ name: 'x', role: 'leader' })
      .expect(400);
    expect(missing.body.message).toContain('leaderIds');
    const stray = await t.http
      .post('/api/v1/api-keys')
      .set(t.admin)
      .send({ name: 'x', role: 'auditor', leaderIds: ['8f589b75-4f49-4b01-a1dc-a825a8528249'] })
      .expect(400);
    expect(stray.body.message).toContain('leaderIds');
    const unknown = await t.http
      .post('/api/v1/api-keys')
      .set(t.admin)
      .send({ name: 'x', role: 'leader', leaderIds: ['8f589b75-4f49-4b01-a1dc-a825a8528249'] })
      .expect(400);
    expect(unknown.body.message).toContain('does not exist');
    await t.http
      .post('/api/v1/api-keys')
      .set(t.admin)
      .send({ name: 'x', role: 'king' })
      .expect(400);
  });

  describe('bad input', () => {
    it('rejects unknown fields and wrong types naming the field', async () => {
      const response = await t.http
        .post('/api/v1/leaders')
        .set(t.admin)
        .send({
          name: 5,
          title: 't',
          unit: 'u',
          regionCode: '430100',
          weiboUid: '123',
          colour: 'red',
        })
        .expect(400);
      expect(response.body.message).toContain('colour');
      expect(response.body.message).toContain('name');
    });

    it('rejects malformed JSON with 400', async () => {
      const response = await t.http
        .post('/api/v1/leaders')
        .set(t.admin)
        .set('Content-Type', 'application/json')
        .send('{"name": ')
        .expect(400);
      expect(response.body.statusCode).toBe(400);
    });

    it('rejects bodies over 1 MB with 413', async () => {
      await t.http
        .post('/api/v1/leaders')
        .set(t.admin)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ name: 'x'.repeat(1_100_000) }))
        .expect(413);
    });

    it('rejects ids that are not ids and bad paging', async () => {
      const response = await t.http.get('/api/v1/leaders/123').set(t.admin).expect(400);
      expect(response.body.message).toBe('id must be a UUID');
      await t.http.get('/api/v1/leaders?page=0').set(t.admin).expect(400);
      await t.http.get('/api/v1/leaders?pageSize=x').set(t.admin).expect(400);
      await t.http.get('/api/v1/leaders?active=maybe').set(t.admin).expect(400);
    });

    it('answers 404 for an unknown leader and an unknown route', async () => {
      await t.http
        .get('/api/v1/leaders/8f589b75-4f49-4b01-a1dc-a825a8528249')
        .set(t.admin)
        .expect(404);
      await t.http.get('/api/v1/nowhere').set(t.admin).expect(404);
    });
  });

  describe('leaders registry', () => {
    it('creates, reads, updates, lists and deactivates', async () => {
      const leader = await createLeader(t, {
        name: '李明',
        regionCode: '440300',
        unit: 'B市公安局',
      });
      const read = await t.http.get(`/api/v1/leaders/${leader.id}`).set(t.admin).expect(200);
      expect(read.body).toMatchObject({ name: '李明', regionCode: '440300', active: true });

      const patched = await t.http
        .patch(`/api/v1/leaders/${leader.id}`)
        .set(t.admin)
        .send({ title: '副局长' })
        .expect(200);
      expect(patched.body).toMatchObject({ title: '副局长', name: '李明' });

      const list = await t.http.get('/api/v1/leaders?regionCode=440300').set(t.admin).expect(200);
      expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
      expect(list.body.items[0].id).toBe(leader.id);

      const removed = await t.http.delete(`/api/v1/leaders/${leader.id}`).set(t.admin).expect(200);
      expect(removed.body.active).toBe(false);
      expect(removed.body.deactivatedAt).not.toBeNull();
      const kept = await t.http.get(`/api/v1/leaders/${leader.id}`).set(t.admin).expect(200);
      expect(kept.body.name).toBe('李明');
      const feed = await t.db.query<{ status: string }>(
        `SELECT status FROM feeds WHERE leader_id = $1`,
        [leader.id],
      );
      expect(feed[0].status).toBe('inactive');
    });

    it('refuses a duplicate weiboUid with 409, on create and on update', async () => {
      const first = await createLeader(t);
      await t.http
        .post('/api/v1/leaders')
        .set(t.admin)
        .send({ name: 'x', title: 't', unit: 'u', regionCode: '430100', weiboUid: first.weiboUid })
        .expect(409);
      const second = await createLeader(t);
      await t.http
        .patch(`/api/v1/leaders/${second.id}`)
        .set(t.admin)
        .send({ weiboUid: first.weiboUid })
        .expect(409);
    });

    it('paginates', async () => {
      for (let i = 0; i < 3; i++) {
        await createLeader(t, { regionCode: '659001' });
      }
      const page2 = await t.http
        .get('/api/v1/leaders?regionCode=659001&page=2&pageSize=2')
        .set(t.admin)
        .expect(200);
      expect(page2.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(page2.body.items).toHaveLength(1);
    });
  });

  describe('roles and scoping', () => {
    it('keeps a leader key to its own leader', async () => {
      const mine = await createLeader(t);
      const other = await createLeader(t);
      const { key } = await issueKey(t, 'leader', [mine.id]);
      await t.http.get(`/api/v1/leaders/${mine.id}`).set(t.as(key)).expect(200);
      await t.http.get(`/api/v1/leaders/${other.id}`).set(t.as(key)).expect(403);
      await t.http
        .patch(`/api/v1/leaders/${mine.id}`)
        .set(t.as(key))
        .send({ title: 'x' })
        .expect(403);
      await t.http.delete(`/api/v1/leaders/${other.id}`).set(t.as(key)).expect(403);
      const list = await t.http.get('/api/v1/leaders').set(t.as(key)).expect(200);
      expect((list.body.items as { id: string }[]).map((l) => l.id)).toEqual([mine.id]);
    });

    it('lets no one but an admin create leaders or keys', async () => {
      for (const role of ['evaluator', 'auditor']) {
        const { key } = await issueKey(t, role);
        const response = await t.http
          .post('/api/v1/leaders')
          .set(t.as(key))
          .send({ name: 'x', title: 't', unit: 'u', regionCode: '430100', weiboUid: '42' })
          .expect(403);
        expect(response.body.message).toContain(role);
        await t.http
          .post('/api/v1/api-keys')
          .set(t.as(key))
          .send({ name: 'x', role: 'admin' })
          .expect(403);
      }
    });

    it('lets an evaluator and an auditor read every leader', async () => {
      const leader = await createLeader(t);
      for (const role of ['evaluator', 'auditor']) {
        const { key } = await issueKey(t, role);
        await t.http.get(`/api/v1/leaders/${leader.id}`).set(t.as(key)).expect(200);
      }
    });
  });
});
