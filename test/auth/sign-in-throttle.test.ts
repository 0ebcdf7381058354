import { ApiKeysRepository } from '../../src/auth/api-keys.repository';
import { ADMIN_KEY, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';

const WINDOW_S = 15 * 60;

/**
 * The throttle stops key guessing from an address, never the people behind
 * it (one NAT, one office): once an address has failed 10 times, its wrong
 * keys get 429 with Retry-After, and a valid key still passes, as a Bearer
 * key and when signing in to the dashboard.
 */
describe('failed sign-in throttling spares valid keys', () => {
  let t: TestApp;
  const clock = new TestClock(new Date('2025-03-03T02:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(async () => {
    await t.close();
  });

  /** Ten wrong keys, one a second, half Bearer, half sign-in; the address is then throttled. */
  const failTenTimes = async () => {
    for (let i = 0; i < 5; i++) {
      await t.http
        .post('/api/v1/session')
        .send({ key: `msk_wrong_${i}` })
        .expect(401);
      clock.advance(1000);
      await t.http
        .get('/api/v1/leaders')
        .set(t.as(`msk_bad_${i}`))
        .expect(401);
      clock.advance(1000);
    }
  };

  it('lets a valid key through a throttled address, Bearer and sign-in, while wrong keys get 429', async () => {
    // Minted before the address is throttled, never used: not in any cache.
    const unused = await issueKey(t, 'auditor');
    await t.http.get('/api/v1/leaders').set(t.admin).expect(200);
    await failTenTimes();

    const wrongSignIn = await t.http
      .post('/api/v1/session')
      .send({ key: 'msk_wrong_x' })
      .expect(429);
    expect(wrongSignIn.body).toMatchObject({ error: 'TOO_MANY_ATTEMPTS' });
    expect(Number(wrongSignIn.headers['retry-after'])).toBe(WINDOW_S - 10);
    const wrongBearer = await t.http.get('/api/v1/leaders').set(t.as('msk_bad_x')).expect(429);
    expect(wrongBearer.body).toMatchObject({ error: 'TOO_MANY_ATTEMPTS' });
    expect(Number(wrongBearer.headers['retry-after'])).toBe(WINDOW_S - 10);

    // Valid keys: one this instance knows a moment ago, one it never saw, one minted now.
    await t.http.get('/api/v1/leaders').set(t.admin).expect(200);
    await t.http.post('/api/v1/session').send({ key: ADMIN_KEY }).expect(204);
    await t.http.get('/api/v1/leaders').set(t.as(unused.key)).expect(200);
    const minted = await issueKey(t, 'evaluator');
    await t.http.post('/api/v1/session').send({ key: minted.key }).expect(204);
    await t.http.get('/api/v1/leaders').set(t.as(minted.key)).expect(200);
    // Past the instance's recheck of valid keys: read from the database again, still let through.
    clock.advance(6_000);
    await t.http.post('/api/v1/session').send({ key: unused.key }).expect(204);
    await t.http.get('/api/v1/leaders').set(t.admin).expect(200);

    // A valid key does not lift the throttle; a refused attempt does not lengthen it.
    clock.advance(1_000);
    const still = await t.http.get('/api/v1/leaders').set(t.as('msk_bad_y')).expect(429);
    expect(Number(still.headers['retry-after'])).toBe(WINDOW_S - 17);

    clock.advance(WINDOW_S * 1000);
    await t.http.get('/api/v1/leaders').set(t.as('msk_bad_z')).expect(401);
    await t.http.post('/api/v1/session').send({ key: ADMIN_KEY }).expect(204);
  });

  it('keeps a throttled wrong key cheap: the same wrong key is not read from the database again at once', async () => {
    clock.advance(WINDOW_S * 1000);
    await failTenTimes();
    const repository = t.app.get(ApiKeysRepository);
    const lookups = jest.spyOn(repository, 'findActiveByHash');
    try {
      for (let i = 0; i < 20; i++) {
        await t.http.get('/api/v1/leaders').set(t.as('msk_stale_script_key')).expect(429);
        await t.http.post('/api/v1/session').send({ key: 'msk_stale_script_key' }).expect(429);
      }
      expect(lookups).toHaveBeenCalledTimes(1);
      // A valid key is still read (or found in the recent keys) and let through.
      await t.http.get('/api/v1/leaders').set(t.admin).expect(200);
    } finally {
      lookups.mockRestore();
    }
  });
});
