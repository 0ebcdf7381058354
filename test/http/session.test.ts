import { createHash } from 'node:crypto';
import {
  ADMIN_KEY,
  createLeader,
  issueKey,
  startTestApp,
  TestClock,
  type TestApp,
} from '../support/test-app';

const HOST = 'dash.example:3000';
const OWN_ORIGIN = `http://${HOST}`;
const HOUR = 3_600_000;

function cookieOf(setCookie: string[] | string | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  expect(header).toBeDefined();
  return String(header).split(';')[0];
}

async function signIn(t: TestApp, key: string): Promise<string> {
  const response = await t.http.post('/api/v1/session').send({ key }).expect(204);
  return cookieOf(response.headers['set-cookie']);
}

describe('dashboard sessions', () => {
  let t: TestApp;
  const clock = new TestClock(new Date('2025-03-03T02:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(async () => {
    await t.close();
  });

  it('trades a key for an HttpOnly, SameSite=Strict cookie on Path=/ whose id is stored hashed', async () => {
    const response = await t.http.post('/api/v1/session').send({ key: ADMIN_KEY }).expect(204);
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/^minsheng_session=[A-Za-z0-9_-]{43};/);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Strict');
    expect(header).toContain('Path=/');
    expect(header).not.toContain(ADMIN_KEY);
    const sessionId = cookieOf(response.headers['set-cookie']).split('=')[1];
    const rows = await t.db.query<{ id_hash: string }>(`SELECT id_hash FROM sessions`);
    expect(rows.map((r) => r.id_hash)).toContain(
      createHash('sha256').update(sessionId).digest('hex'),
    );
    expect(JSON.stringify(await t.db.query(`SELECT * FROM sessions`))).not.toContain(sessionId);
  });

  it('refuses a wrong key with 401 and no cookie', async () => {
    const response = await t.http.post('/api/v1/session').send({ key: 'msk_wrong' }).expect(401);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('never takes the key from the URL', async () => {
    const response = await t.http.post(`/api/v1/session?key=${ADMIN_KEY}`).send({}).expect(400);
    expect(response.body.message).toContain('key');
    expect(response.headers['set-cookie']).toBeUndefined();
    await t.http.get(`/api/v1/leaders?key=${ADMIN_KEY}`).expect(401);
    await t.http.get(`/api/v1/leaders?apiKey=${ADMIN_KEY}`).expect(401);
  });

  it('answers with the signed-in principal, by cookie or by key', async () => {
    const leader = await createLeader(t);
    const { key } = await issueKey(t, 'staff', [leader.id]);
    const cookie = await signIn(t, key);
    const me = await t.http.get('/api/v1/session').set('Cookie', cookie).expect(200);
    expect(me.body).toMatchObject({
      role: 'staff',
      leaderIds: [leader.id],
      name: 'staff test key',
      via: 'session',
    });
    const byKey = await t.http.get('/api/v1/session').set(t.as(key)).expect(200);
    expect(byKey.body).toMatchObject({ role: 'staff', via: 'key' });
    await t.http.get('/api/v1/session').expect(204);
    await t.http.get('/api/v1/session').set('Cookie', 'minsheng_session=forged').expect(401);
    await t.http.get('/api/v1/session').set(t.as('msk_forged')).expect(401);
  });

  it('scopes the cookie exactly as the key: own leader yes, another no, roles kept', async () => {
    const mine = await createLeader(t);
    const other = await createLeader(t);
    const { key } = await issueKey(t, 'leader', [mine.id]);
    const cookie = await signIn(t, key);
    await t.http.get(`/api/v1/leaders/${mine.id}/cases`).set('Cookie', cookie).expect(200);
    await t.http.get(`/api/v1/leaders/${other.id}/cases`).set('Cookie', cookie).expect(403);
    await t.http.get(`/api/v1/leaders/${other.id}/cases`).set(t.as(key)).expect(403);
    await t.http
      .post('/api/v1/leaders')
      .set('Host', HOST)
      .set('Origin', OWN_ORIGIN)
      .set('Cookie', cookie)
      .send({ name: '李四', title: 't', unit: 'u', regionCode: '430100', weiboUid: '5550001' })
      .expect(403);
    const evaluator = await signIn(t, (await issueKey(t, 'evaluator')).key);
    await t.http.get('/api/v1/metrics/ranking').set('Cookie', evaluator).expect(200);
    await t.http.get('/api/v1/audit/verify').set('Cookie', evaluator).expect(403);
  });

  it('refuses a state-changing request by cookie from another origin or from no origin', async () => {
    const cookie = await signIn(t, ADMIN_KEY);
    const body = { name: '赵六', title: 't', unit: 'u', regionCode: '430100' };
    const post = (weiboUid: string) =>
      t.http
        .post('/api/v1/leaders')
        .set('Host', HOST)
        .set('Cookie', cookie)
        .send({ ...body, weiboUid });
    const evil = await post('6660001').set('Origin', 'http://evil.example').expect(403);
    expect(evil.body.message).toContain('origin');
    await post('6660002').set('Origin', 'null').expect(403);
    await post('6660003').set('Origin', `https://${HOST}`).expect(403);
    await post('6660004').set('Referer', 'http://evil.example/page').expect(403);
    await post('6660005').expect(403);
    await post('6660006').set('Origin', OWN_ORIGIN).expect(201);
    await post('6660007').set('Referer', `${OWN_ORIGIN}/admin`).expect(201);
    await t.http
      .get('/api/v1/leaders')
      .set('Cookie', cookie)
      .set('Origin', 'http://evil.example')
      .expect(200);
    const leaders = await t.http.get('/api/v1/leaders?pageSize=200').set(t.admin).expect(200);
    const uids = (leaders.body.items as { weiboUid: string }[]).map((l) => l.weiboUid);
    expect(uids).toEqual(expect.arrayContaining(['6660006', '6660007']));
    expect(uids).not.toContain('6660001');
  });

  it('expires after 8 hours without use, and each use starts the 8 hours again', async () => {
    const cookie = await signIn(t, ADMIN_KEY);
    clock.advance(7 * HOUR + 59 * 60_000);
    await t.http.get('/api/v1/session').set('Cookie', cookie).expect(200);
    clock.advance(7 * HOUR + 59 * 60_000);
    await t.http.get('/api/v1/session').set('Cookie', cookie).expect(200);
    clock.advance(8 * HOUR);
    const expired = await t.http.get('/api/v1/session').set('Cookie', cookie).expect(401);
    expect(expired.body.message).toContain('sign in again');
    await t.http.get('/api/v1/leaders').set('Cookie', cookie).expect(401);
  });

  it('dies with its key', async () => {
    const { id, key } = await issueKey(t, 'auditor');
    const cookie = await signIn(t, key);
    await t.http.get('/api/v1/audit/verify').set('Cookie', cookie).expect(200);
    await t.http.delete(`/api/v1/api-keys/${id}`).set(t.admin).expect(204);
    await t.http.get('/api/v1/audit/verify').set('Cookie', cookie).expect(401);
  });

  it('signs out: 204, the cookie cleared, the row gone, the cookie dead', async () => {
    const cookie = await signIn(t, ADMIN_KEY);
    const before = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions`);
    await t.http
      .delete('/api/v1/session')
      .set('Cookie', cookie)
      .set('Host', HOST)
      .set('Origin', 'http://evil.example')
      .expect(403);
    const response = await t.http
      .delete('/api/v1/session')
      .set('Cookie', cookie)
      .set('Host', HOST)
      .set('Origin', OWN_ORIGIN)
      .expect(204);
    expect(String(response.headers['set-cookie'])).toMatch(/^minsheng_session=;.*Max-Age=0/);
    const after = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions`);
    expect(after[0].n).toBe(before[0].n - 1);
    await t.http.get('/api/v1/session').set('Cookie', cookie).expect(401);
    await t.http.get('/api/v1/session').expect(204);
    await t.http.delete('/api/v1/session').expect(204);
  });

  it('is in the OpenAPI document with its body', async () => {
    const doc = await t.http.get('/docs/json').expect(200);
    expect(Object.keys(doc.body.paths['/api/v1/session']).sort()).toEqual([
      'delete',
      'get',
      'post',
    ]);
    expect(doc.body.components.schemas.CreateSessionDto.required).toEqual(['key']);
  });
});
