import { createLeader, startTestApp, type TestApp } from '../support/test-app';

/**
 * The three causes of a 500 that a bad-input sweep found: a deeply nested
 * body, a page number past any offset, a NUL character in a text field.
 * Each is a 400 that names what was wrong, and nothing is stored.
 */
describe('hostile requests answer 400, never 500', () => {
  let t: TestApp;
  let leaderId: string;

  beforeAll(async () => {
    t = await startTestApp();
    leaderId = (await createLeader(t)).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const nested = (depth: number): string => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;

  it('refuses a body nested deeper than 32 levels on every POST and PATCH, naming the limit', async () => {
    const targets = [
      { method: 'post', path: '/api/v1/leaders' },
      { method: 'patch', path: `/api/v1/leaders/${leaderId}` },
      { method: 'post', path: '/api/v1/classify' },
      { method: 'post', path: '/api/v1/api-keys' },
      { method: 'put', path: '/api/v1/rules' },
    ] as const;
    for (const { method, path } of targets) {
      const response = await t.http[method](path)
        .set(t.admin)
        .set('Content-Type', 'application/json')
        .send(nested(5_000));
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.body.message).toContain('32');
    }
  });

  it('accepts nesting up to the limit (then validates the fields as usual)', async () => {
    const deep = { name: 'x', junk: JSON.parse(`${'['.repeat(31)}${']'.repeat(31)}`) as unknown };
    const response = await t.http.patch(`/api/v1/leaders/${leaderId}`).set(t.admin).send(deep);
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('junk');
  });

  it('refuses page and pageSize past their bounds on every list, naming the field', async () => {
    const lists = [
      '/api/v1/leaders',
      `/api/v1/leaders/${leaderId}/cases`,
      '/api/v1/snapshots',
      '/api/v1/audit/events',
      '/api/v1/rules/versions',
      '/api/v1/rules/jobs',
      '/api/v1/calendars',
      '/api/v1/api-keys',
      '/api/v1/metrics/ranking',
    ];
    for (const path of lists) {
      const page = await t.http.get(`${path}?page=99999999999999999999`).set(t.admin);
      expect({ path, status: page.status }).toEqual({ path, status: 400 });
      expect(page.body.message).toContain('page');
      const size = await t.http.get(`${path}?pageSize=201`).set(t.admin);
      expect({ path, status: size.status }).toEqual({ path, status: 400 });
      expect(size.body.message).toContain('pageSize');
      const last = await t.http.get(`${path}?page=1000000&pageSize=200`).set(t.admin);
      expect({ path, status: last.status }).toEqual({ path, status: 200 });
      expect(last.body).toMatchObject({ items: [], page: 1000000, pageSize: 200 });
    }
  });

  it('refuses NUL and other control characters in text fields, naming the field', async () => {
    const before = await t.http.get(`/api/v1/leaders/${leaderId}`).set(t.admin).expect(200);
    for (const name of ['\u0000', 'a\u0000b', 'x\u0007', 'y\u001b[31m', '\ud83d', 'z\udc00']) {
      const response = await t.http
        .patch(`/api/v1/leaders/${leaderId}`)
        .set(t.admin)
        .send({ name });
      expect({ name, status: response.status }).toEqual({ name, status: 400 });
      expect(response.body.message).toContain('name');
    }
    const nested = await t.http
      .post('/api/v1/api-keys')
      .set(t.admin)
      .send({ name: 'k', role: 'staff', leaderIds: [leaderId, 'x\u0000'] });
    expect(nested.status).toBe(400);
    expect(nested.body.message).toContain('leaderIds');
    const key = await t.http
      .post('/api/v1/classify')
      .set(t.admin)
      .send({ text: 'ok', ['bad\u0000key']: 1 });
    expect(key.status).toBe(400);
    const after = await t.http.get(`/api/v1/leaders/${leaderId}`).set(t.admin).expect(200);
    expect(after.body).toEqual(before.body);
  });

  it('keeps tabs, newlines, carriage returns and paired surrogates in text', async () => {
    const text = '第一行\r\n第二行\t😀 投诉';
    const response = await t.http.post('/api/v1/classify').set(t.admin).send({ text }).expect(200);
    expect(response.body.kind).toBeDefined();
    const patched = await t.http
      .patch(`/api/v1/leaders/${leaderId}`)
      .set(t.admin)
      .send({ title: '局长 😀' })
      .expect(200);
    // A label refuses the tab a text keeps (strict-input.test.ts).
    expect(patched.body.title).toBe('局长 😀');
  });

  it('refuses control characters in query strings, naming the parameter', async () => {
    for (const query of ['regionCode=%00', 'unit=a%01b', 'regionCode=%7F']) {
      const response = await t.http.get(`/api/v1/leaders?${query}`).set(t.admin);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.body.message).toContain(query.split('=')[0]);
    }
    const ranking = await t.http.get('/api/v1/metrics/ranking?unit=%00').set(t.admin);
    expect(ranking.status).toBe(400);
    expect(ranking.body.message).toContain('unit');
  });

  it('refuses null for a field that may only be left out', async () => {
    for (const field of ['name', 'title', 'unit', 'regionCode', 'weiboUid', 'active']) {
      const response = await t.http
        .patch(`/api/v1/leaders/${leaderId}`)
        .set(t.admin)
        .send({ [field]: null });
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect(response.body.message).toContain(field);
    }
  });

  it('refuses fields on writes that take no body, naming each field, and changes nothing', async () => {
    const snapshot = await t.http
      .post('/api/v1/snapshots')
      .set(t.admin)
      .send({ from: '2025-01-01T00:00:00+08:00', to: '2025-02-01T00:00:00+08:00' })
      .expect(201);
    const key = await t.http
      .post('/api/v1/api-keys')
      .set(t.admin)
      .send({ name: 'k', role: 'auditor' })
      .expect(201);
    const writes = [
      { method: 'post', path: `/api/v1/snapshots/${snapshot.body.id}/publish` },
      { method: 'post', path: `/api/v1/leaders/${leaderId}/poll` },
      { method: 'delete', path: `/api/v1/api-keys/${key.body.id}` },
      { method: 'delete', path: `/api/v1/leaders/${leaderId}` },
      { method: 'delete', path: '/api/v1/session' },
    ] as const;
    for (const { method, path } of writes) {
      const response = await t.http[method](path).set(t.admin).send({ foo: 1, bar: 'x' });
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.body.message).toContain('foo');
      expect(response.body.message).toContain('bar');
      const array = await t.http[method](path).set(t.admin).send([1]);
      expect({ path, status: array.status }).toEqual({ path, status: 400 });
    }
    const [{ n }] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM snapshot_publications WHERE snapshot_id = $1`,
      [snapshot.body.id],
    );
    expect(n).toBe(0);
    await t.http
      .get(`/api/v1/leaders/${leaderId}`)
      .set(t.admin)
      .expect(200, /"active":true/);
    // No body, or an empty one, is what these writes take.
    await t.http
      .post(`/api/v1/snapshots/${snapshot.body.id}/publish`)
      .set(t.admin)
      .send({})
      .expect(201);
    await t.http.delete(`/api/v1/api-keys/${key.body.id}`).set(t.admin).expect(204);
  });

  it('answers a malformed page number with one message per field', async () => {
    for (const path of ['/api/v1/leaders', `/api/v1/leaders/${leaderId}/cases`]) {
      const response = await t.http.get(`${path}?page=abc&pageSize=x`).set(t.admin).expect(400);
      expect(response.body.message).toBe(
        'page must be a whole number in decimal digits; pageSize must be a whole number in decimal digits',
      );
    }
    const zero = await t.http.get('/api/v1/leaders?page=0').set(t.admin).expect(400);
    expect(zero.body.message).toBe('page must not be less than 1');
  });

  it('refuses a snapshot of a period still to come, naming to (or asOf)', async () => {
    const now = Date.now();
    const future = await t.http
      .post('/api/v1/snapshots')
      .set(t.admin)
      .send({
        from: new Date(now).toISOString(),
        to: new Date(now + 200 * 86_400_000).toISOString(),
      })
      .expect(400);
    expect(future.body.message).toMatch(/^to must not be later than/);
    const asOf = await t.http
      .post('/api/v1/snapshots')
      .set(t.admin)
      .send({
        from: new Date(now - 7 * 86_400_000).toISOString(),
        to: new Date(now - 86_400_000).toISOString(),
        asOf: new Date(now + 86_400_000).toISOString(),
      })
      .expect(400);
    expect(asOf.body.message).toMatch(/^asOf must not be later than now/);
    // The dashboard's default period runs to the end of today: accepted.
    await t.http
      .post('/api/v1/snapshots')
      .set(t.admin)
      .send({
        from: new Date(now - 29 * 86_400_000).toISOString(),
        to: new Date(now + 86_400_000).toISOString(),
      })
      .expect(201);
  });

  it('takes a regionCode only as a 6-digit administrative division code', async () => {
    for (const regionCode of ['abc', '43010', '4301000', '000000', '43010a']) {
      const created = await t.http
        .post('/api/v1/leaders')
        .set(t.admin)
        .send({ name: 'x', title: 't', unit: 'u', regionCode, weiboUid: '4242424242' });
      expect({ regionCode, status: created.status }).toEqual({ regionCode, status: 400 });
      expect(created.body.message).toContain('regionCode');
      const patched = await t.http
        .patch(`/api/v1/leaders/${leaderId}`)
        .set(t.admin)
        .send({ regionCode });
      expect({ regionCode, status: patched.status }).toEqual({ regionCode, status: 400 });
    }
    await t.http
      .patch(`/api/v1/leaders/${leaderId}`)
      .set(t.admin)
      .send({ regionCode: '440305' })
      .expect(200);
  });

  it('keeps the 1 MB limit at 413', async () => {
    await t.http
      .post('/api/v1/classify')
      .set(t.admin)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(1_100_000) }))
      .expect(413);
  });
});
