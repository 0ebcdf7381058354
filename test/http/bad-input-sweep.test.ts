import { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import {
  describeBody,
  type HostileRequest,
  hostileRequests,
  type OpenApiDocument,
  operationsOf,
  pathWith,
  type SweptOperation,
} from '../support/bad-input';
import { ADMIN_KEY, createLeader, issueKey, startTestApp, type TestApp } from '../support/test-app';

/** The admin first: what its run shows the validation pipe refuses is not repeated (see below). */
const ROLES = ['admin', 'leader', 'staff', 'auditor', 'evaluator', 'none'] as const;
type Role = (typeof ROLES)[number];

/**
 * Every operation of the service's own OpenAPI document, as every role, with
 * malformed path ids, query values, headers and bodies: nothing answers 5xx,
 * and a request answered 4xx leaves every table with the rows it had.
 * Operations added later are swept as soon as they are in the document.
 */
describe('bad-input sweep over every operation in /docs/json', () => {
  let weibo: FakeWeibo;
  let t: TestApp;
  let url: string;
  const keys = new Map<Role, string>();
  /** A valid id for each collection, by the path segment before `{param}`. */
  const ids = new Map<string, string>();
  /** The leader that POST /poll polls: never patched, so the fake always serves its uid. */
  let pollLeaderId = '';

  beforeAll(async () => {
    weibo = new FakeWeibo();
    const weiboUrl = await weibo.start();
    t = await startTestApp({ config: { weiboBaseUrl: weiboUrl, weiboMinIntervalMs: 0 } });
    const leader = await createLeader(t);
    const polled = await createLeader(t);
    pollLeaderId = polled.id;
    const now = Date.now();
    for (const [n, { weiboUid }] of [leader, polled].entries()) {
      weibo.addUser(weiboUid, `平安${n}`);
      weibo.addPost(weiboUid, {
        id: `${8_100 + n}`,
        text: '治安提示',
        createdAt: new Date(now - 86_400_000),
      });
      weibo.addComment(`${8_100 + n}`, {
        id: `${8_200 + n}`,
        userId: `${7_300 + n}`,
        userName: '市民',
        text: '我要投诉，小区门口每天晚上都有人飙车炸街，派出所也不管',
        createdAt: new Date(now - 3_600_000),
      });
    }
    await t.http.post(`/api/v1/leaders/${leader.id}/poll`).set(t.admin).expect(200);
    const cases = await t.http.get(`/api/v1/leaders/${leader.id}/cases`).set(t.admin).expect(200);
    const snapshot = await t.http
      .post('/api/v1/snapshots')
      .set(t.admin)
      .send({ from: '2025-01-01T00:00:00+08:00', to: '2026-01-01T00:00:00+08:00' })
      .expect(201);
    ids.set('leaders', leader.id);
    ids.set('cases', (cases.body as { items: { id: string }[] }).items[0].id);
    ids.set('snapshots', (snapshot.body as { id: string }).id);
    ids.set('api-keys', (await issueKey(t, 'auditor')).id);
    ids.set('calendars', '2025');
    keys.set('admin', ADMIN_KEY);
    keys.set('leader', (await issueKey(t, 'leader', [leader.id])).key);
    keys.set('staff', (await issueKey(t, 'staff', [leader.id])).key);
    keys.set('auditor', (await issueKey(t, 'auditor')).key);
    keys.set('evaluator', (await issueKey(t, 'evaluator')).key);
    await t.app.listen(0, '127.0.0.1');
    url = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await t.close();
    await weibo.stop();
  });

  /** Valid path values: the id of the collection named before each parameter, else an unknown UUID. */
  function validPathValues(operation: SweptOperation): Record<string, string> {
    const values: Record<string, string> = {};
    const segments = operation.path.split('/');
    for (const param of operation.pathParams) {
      const collection = segments[segments.indexOf(`{${param}}`) - 1] ?? '';
      values[param] =
        operation.path.endsWith('/poll') && collection === 'leaders'
          ? pollLeaderId
          : (ids.get(collection) ?? '3b8f0a52-7c1e-4d7a-9f6e-1a2b3c4d5e6f');
    }
    return values;
  }

  async function rowCounts(tables: string[]): Promise<Record<string, number>> {
    const columns = tables.map((table) => `(SELECT count(*)::int FROM "${table}") AS "${table}"`);
    const [row] = await t.db.query<Record<string, number>>(`SELECT ${columns.join(', ')}`);
    return row;
  }

  async function send(
    operation: SweptOperation,
    role: Role,
    request: HostileRequest,
  ): Promise<{ status: number; error: string; summary: string }> {
    const query = request.query ? `?${request.query}` : '';
    const headers: Record<string, string> = { ...request.headers };
    const key = keys.get(role);
    if (key) {
      headers.Authorization = `Bearer ${key}`;
    }
    if (request.body) {
      headers['Content-Type'] = request.body.contentType;
    }
    const response = await fetch(`${url}${pathWith(operation.path, request.pathValues)}${query}`, {
      method: operation.method,
      headers,
      body: request.body ? new Uint8Array(request.body.bytes) : undefined,
    });
    const text = await response.text();
    let summary = text.slice(0, 200);
    let error = '';
    try {
      const body = JSON.parse(text) as { error?: string; message?: string };
      error = body.error ?? '';
      summary = `${error} ${body.message ?? ''}`.slice(0, 200);
    } catch {
      // not JSON (a CSV, an HTML page): the text itself says enough
    }
    return { status: response.status, error, summary };
  }

  it('answers no request with a 5xx, and no 4xx changes a row', async () => {
    const documentResponse = await fetch(`${url}/docs/json`);
    const operations = operationsOf((await documentResponse.json()) as OpenApiDocument);
    expect(operations.length).toBeGreaterThan(20);
    const tables = (
      await t.db.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
      )
    ).map((row) => row.name);
    expect(tables).toEqual(
      expect.arrayContaining(['leaders', 'comments', 'cases', 'audit_events']),
    );

    const failures: string[] = [];
    const sent: Record<string, number> = {};
    /**
     * Requests the admin run saw refused by the validation pipe. The pipe runs
     * after the role guard and does not depend on the caller, so a role that
     * passes the same guard gets the same 400: those are not sent again.
     */
    const refusedByPipe = new Set<string>();
    let skipped = 0;
    const started = Date.now();
    let rows = await rowCounts(tables);
    for (const role of ROLES) {
      sent[role] = 0;
      for (const operation of operations) {
        const validValues = validPathValues(operation);
        let requests = hostileRequests(operation, validValues);
        for (let i = 0; i < requests.length; i++) {
          const request = requests[i];
          const which = `${operation.method} ${operation.path} ${request.label}`;
          if (role !== 'admin' && refusedByPipe.has(which)) {
            skipped += 1;
            continue;
          }
          const { status, error, summary } = await send(operation, role, request);
          sent[role] += 1;
          const after = await rowCounts(tables);
          const what = `${operation.method} ${operation.path} as ${role} with ${request.label} (${describeBody(request.body)}${request.query ? `, query ${request.query.slice(0, 80)}` : ''})`;
          if (status >= 500) {
            failures.push(`${what} → ${status} ${summary}`);
          } else if (status >= 400) {
            const changed = tables.filter((table) => after[table] !== rows[table]);
            if (changed.length > 0) {
              const diff = changed.map((table) => `${table} ${rows[table]}→${after[table]}`);
              failures.push(`${what} → ${status} but rows changed: ${diff.join(', ')}`);
            }
          }
          rows = after;
          if (role === 'admin' && status === 400 && error === 'VALIDATION_FAILED') {
            refusedByPipe.add(which);
          }
          if (i === 0 && (status === 401 || status === 403)) {
            // Refused before any validation: only what runs before the guard still varies.
            requests = hostileRequests(operation, validValues, true);
          }
        }
      }
      if (role === 'admin') {
        // The admin run deactivated the leader the scoped keys reach: bring it back.
        await t.http
          .patch(`/api/v1/leaders/${ids.get('leaders')}`)
          .set(t.admin)
          .send({ active: true })
          .expect(200);
        rows = await rowCounts(tables);
      }
    }
    const total = Object.values(sent).reduce((sum, n) => sum + n, 0);
    process.stdout.write(
      `bad-input sweep (${t.database.engine}, ${Math.round((Date.now() - started) / 1000)} s): ${operations.length} operations, ${total} requests (${ROLES.map((role) => `${role} ${sent[role]}`).join(', ')}; ${skipped} refused by the pipe for the admin not repeated)\n`,
    );
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 300_000);
});
