import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLeader, issueKey, startTestApp, type TestApp } from '../support/test-app';

/**
 * Input that used to pass unseen, as an outside probe of the API found it:
 * bytes that are not UTF-8, keys every object has, query parameters a
 * route never reads, filters no leader could match, numbers in other
 * notations, labels that show nothing or hide something. Each is a 400 that
 * names the problem, and nothing is stored. And the other way: the shipped
 * ruleset file, larger than other bodies may be, can be sent back.
 */
describe('strict input: what the API refuses and names', () => {
  let t: TestApp;
  let leaderId: string;
  let staff: { Authorization: string };

  const count = async (table: string): Promise<number> => {
    const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    return n;
  };
  const leaderBody = (fields: Record<string, unknown> = {}) => ({
    name: '李红',
    title: '区长',
    unit: '岳麓区人民政府',
    regionCode: '430104',
    weiboUid: String(3_000_000_000 + Math.floor(Math.random() * 1_000_000)),
    ...fields,
  });

  beforeAll(async () => {
    t = await startTestApp();
    leaderId = (await createLeader(t)).id;
    staff = t.as((await issueKey(t, 'staff', [leaderId])).key);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a body that is not UTF-8 instead of storing U+FFFD', async () => {
    const before = await count('leaders');
    const json = JSON.stringify(leaderBody({ name: 'NAME' }));
    const [head, tail] = json.split('NAME');
    const body = Buffer.concat([Buffer.from(head), Buffer.from([0xff, 0xfe]), Buffer.from(tail)]);
    const response = await t.http
      .post('/api/v1/leaders')
      .set(t.admin)
      .set('Content-Type', 'application/json')
      .serialize(() => body as unknown as string)
      .send({})
      .expect(400);
    expect(response.body).toMatchObject({
      error: 'BODY_NOT_UTF8',
      message: 'request body is not valid UTF-8',
    });
    expect(await count('leaders')).toBe(before);
  });

  it('refuses a body in another Unicode encoding, whose bytes the checks could not read', async () => {
    const json = `{"__proto__":{"active":false},${JSON.stringify(leaderBody()).slice(1)}`;
    const response = await t.http
      .post('/api/v1/leaders')
      .set(t.admin)
      .set('Content-Type', 'application/json; charset=utf-16le')
      .serialize(() => Buffer.from(json, 'utf16le') as unknown as string)
      .send({})
      .expect(415);
    expect(response.body.message).toBe('request body encoding is not supported; send UTF-8 JSON');
  });

  it('reads a key written all in \\u escapes as JSON.parse does', async () => {
    const escaped = [...'constructor']
      .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join('');
    const response = await t.http
      .post('/api/v1/classify')
      .set(t.admin)
      .set('Content-Type', 'application/json')
      .send(`{"text":"投诉","${escaped}":{"x":1}}`)
      .expect(400);
    expect(response.body.message).toBe('property constructor should not exist');
  });

  it('refuses __proto__, constructor and prototype keys, at any depth, as unknown fields', async () => {
    const before = await count('leaders');
    for (const [key, body] of [
      ['__proto__', `{"__proto__":{"active":false},${JSON.stringify(leaderBody()).slice(1)}`],
      ['constructor', JSON.stringify({ ...leaderBody(), constructor: { x: 1 } })],
      ['prototype', JSON.stringify({ ...leaderBody(), extra: [{ prototype: 1 }] })],
    ]) {
      const response = await t.http
        .post('/api/v1/leaders')
        .set(t.admin)
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(400);
      expect(response.body.message).toBe(`property ${key} should not exist`);
      expect(response.body.details.fields).toEqual([
        { field: key, problems: [`property ${key} should not exist`] },
      ]);
    }
    expect(await count('leaders')).toBe(before);
    // A text that only mentions one is a text.
    const classified = await t.http
      .post('/api/v1/classify')
      .set(t.admin)
      .send({ text: '{"__proto__": 1} 这是什么' })
      .expect(200);
    expect(classified.body.kind).toBeDefined();
  });

  it('refuses a query parameter that a route does not read, and names it', async () => {
    const caseless = `/api/v1/leaders/${leaderId}`;
    const unknown = await t.http.get(`${caseless}?format=csv&x=1`).set(t.admin).expect(400);
    expect(unknown.body.message).toBe(
      'query parameter format should not exist; query parameter x should not exist',
    );
    await t.http.get(`${caseless}/feed?bogus=1`).set(t.admin).expect(400);
    await t.http.get('/api/v1/audit/verify?bogus=1').set(t.admin).expect(400);
    await t.http.post('/api/v1/classify?bogus=1').set(t.admin).send({ text: '投诉' }).expect(400);
    // Routes with a query DTO keep its own messages; routes without parameters still answer.
    const dto = await t.http.get('/api/v1/snapshots?bogus=1').set(t.admin).expect(400);
    expect(dto.body.message).toContain('bogus');
    await t.http.get(caseless).set(t.admin).expect(200);
    await t.http.get('/api/v1/audit/verify').set(t.admin).expect(200);
  });

  it('refuses a region filter no leader could match, on lists, rankings and snapshots', async () => {
    const before = await count('snapshots');
    for (const path of ['/api/v1/metrics/ranking', '/api/v1/leaders']) {
      for (const code of ['abc', '4301', '999999']) {
        const response = await t.http.get(`${path}?regionCode=${code}`).set(t.admin).expect(400);
        expect(response.body.message).toBe(
          'regionCode must be a 6-digit administrative division code (GB/T 2260), e.g. 430100',
        );
      }
    }
    const evaluator = t.as((await issueKey(t, 'evaluator')).key);
    const snapshot = await t.http
      .post('/api/v1/snapshots')
      .set(evaluator)
      .send({
        from: '2025-01-01T00:00:00+08:00',
        to: '2025-02-01T00:00:00+08:00',
        regionCode: 'abc',
      })
      .expect(400);
    expect(snapshot.body.message).toContain('regionCode');
    expect(await count('snapshots')).toBe(before);
    await t.http.get('/api/v1/metrics/ranking?regionCode=430100').set(t.admin).expect(200);
  });

  it('reads page and pageSize only as decimal digits', async () => {
    const path = `/api/v1/leaders/${leaderId}/cases`;
    for (const [query, field] of [
      ['page=0x10', 'page'],
      ['pageSize=0b11', 'pageSize'],
      ['pageSize=1e2', 'pageSize'],
      ['pageSize=%0A5', 'pageSize'],
      ['page=%205', 'page'],
      ['page=-1', 'page'],
    ]) {
      const response = await t.http.get(`${path}?${query}`).set(t.admin);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.body.message).toContain(field);
    }
    const fine = await t.http.get(`${path}?page=2&pageSize=010`).set(t.admin).expect(200);
    expect(fine.body).toMatchObject({ page: 2, pageSize: 10 });
  });

  it('refuses a leader label that shows nothing or hides a character', async () => {
    const before = await count('leaders');
    for (const [fields, message] of [
      [{ name: '   ' }, 'name must show a visible character'],
      [{ name: '王\u200B建国' }, 'name must not contain invisible or control characters (U+200B)'],
      [{ unit: '\u3000' }, 'unit must be empty or show a visible character'],
      [{ title: '局长\u2028' }, 'title must not contain invisible or control characters (U+2028)'],
    ] as const) {
      const response = await t.http
        .post('/api/v1/leaders')
        .set(t.admin)
        .send(leaderBody(fields))
        .expect(400);
      expect(response.body.message).toBe(message);
    }
    const patched = await t.http
      .patch(`/api/v1/leaders/${leaderId}`)
      .set(t.admin)
      .send({ name: '\u200F' })
      .expect(400);
    expect(patched.body.message).toContain('U+200F');
    expect(await count('leaders')).toBe(before);
    await t.http
      .post('/api/v1/leaders')
      .set(t.admin)
      .send(leaderBody({ unit: '' }))
      .expect(201);
  });

  it('refuses a follow-up whose text shows nothing', async () => {
    const response = await t.http
      .post('/api/v1/cases/00000000-0000-4000-8000-000000000000/follow-ups')
      .set(staff)
      .send({ type: 'note', text: ' \n\t ' })
      .expect(400);
    expect(response.body.message).toBe('text must show a visible character');
  });

  it('takes the shipped ruleset file, larger than other bodies, and says each limit in full', async () => {
    const file = readFileSync(
      join(__dirname, '..', '..', 'src', 'classification', 'ruleset.default.json'),
    );
    expect(file.length).toBeGreaterThan(1_048_576);
    const ruleset = JSON.parse(file.toString('utf8')) as { version: string };
    const sent = await t.http
      .put('/api/v1/rules')
      .set(t.admin)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...ruleset, version: `${ruleset.version}-sent-back` }, null, 2));
    expect(sent.status).toBe(202);
    const big = `{"text":"${'投'.repeat(400_000)}"}`;
    const tooLarge = await t.http
      .post('/api/v1/classify')
      .set(t.admin)
      .set('Content-Type', 'application/json')
      .send(big)
      .expect(413);
    expect(tooLarge.body.message).toBe('request body is larger than 1 MB, the limit');
    const huge = await t.http
      .put('/api/v1/rules')
      .set(t.admin)
      .set('Content-Type', 'application/json')
      .send(`{"version":"x","pad":"${'x'.repeat(8 * 1_048_576)}"}`)
      .expect(413);
    expect(huge.body.message).toBe('request body is larger than 8 MB, the limit');
  });
});
