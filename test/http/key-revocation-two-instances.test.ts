/**
 * A valid key is taken on an instance's word for KEY_RECHECK_MS before it
 * is read again. Revoked through one instance, the key stops there at once;
 * another instance that saw it a moment ago accepts it for at most
 * KEY_RECHECK_MS more, then refuses it too. A key issued through one
 * instance works on the other at once (wrong keys are never kept).
 */
import { KEY_RECHECK_MS } from '../../src/auth/api-keys.service';
import { issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('a revoked key on two instances', () => {
  let database: TestDatabase;
  let clock: TestClock;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    clock = new TestClock(new Date('2025-03-03T02:00:00Z'));
    a = await startTestApp({ clock, database });
    b = await startTestApp({ clock, database });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('works on the other instance as soon as it is issued', async () => {
    const wrong = 'msk_not-a-key-0123456789abcdef0123';
    await b.http.get('/api/v1/leaders').set(b.as(wrong)).expect(401);
    const { key } = await issueKey(a, 'auditor');
    await b.http.get('/api/v1/leaders').set(b.as(key)).expect(200);
  });

  it('stops at once where it was revoked, and within KEY_RECHECK_MS on the other', async () => {
    const { id, key } = await issueKey(a, 'auditor');
    await a.http.get('/api/v1/leaders').set(a.as(key)).expect(200);
    await b.http.get('/api/v1/leaders').set(b.as(key)).expect(200);

    await a.http.delete(`/api/v1/api-keys/${id}`).set(a.admin).expect(204);
    await a.http.get('/api/v1/leaders').set(a.as(key)).expect(401);

    clock.advance(KEY_RECHECK_MS - 1);
    await b.http.get('/api/v1/leaders').set(b.as(key)).expect(200);
    clock.advance(1);
    await b.http.get('/api/v1/leaders').set(b.as(key)).expect(401);
    await b.http.get('/api/v1/leaders').set(b.as(key)).expect(401);
  });
});
