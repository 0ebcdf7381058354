import { ApiKeysRepository } from '../../src/auth/api-keys.repository';
import { ADMIN_KEY, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';

const WINDOW_S = 15 * 60;

/**
 * The throttle stops key guessing from an address, not the people behind it
 * who already work (one NAT, one office): once an address has failed 10
 * times, keys it has not proved before get 429 with Retry-After without being
 * looked up, while a key it used successfully before still passes, as a
 * Bearer key and when signing in to the dashboard.
 */
describe('failed sign-in throttling', () => {
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

  it('lets through a throttled address the keys it proved, Bearer and sign-in; any other key gets 429', async () => {
    // Minted before the address is throttled, never used from it.
    const unused = await issueKey(t, 'auditor');
    const signedIn = await t.http.post('/api/v1/session').send({ key: ADMIN_KEY }).expect(204);
    const cookie = (signedIn.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    await failTenTimes();
    // An open session is not a key guess: it keeps working.
    await t.http.get('/api/v1/leaders').set('Cookie', cookie).expect(200);

    const wrongSignIn = await t.http
      .post('/api/v1/session')
      .send({ key: 'msk_wrong_x' })
      .expect(429);
    expect(wrongSignIn.body).toMatchObject({ error: 'TOO_MANY_ATTEMPTS' });
    expect(Number(wrongSignIn.headers['retry-after'])).toBe(WINDOW_S - 10);
    const wrongBearer = await t.http.get('/api/v1/leaders').set(t.as('msk_bad_x')).expect(429);
    expect(wrongBearer.body).toMatchObject({ error: 'TOO_MANY_ATTEMPTS' });
    expect(Number(wrongBearer.headers['retry-after'])).toBe(WINDOW_S - 10);

    // The admin key proved itself from here before: it goes on working, also past the recheck.
    await t.http.get('/api/v1/leaders').set(t.admin).expect(200);
    await t.http.post('/api/v1/session').send({ key: ADMIN_KEY }).expect(204);
    clock.advance(6_000);
    await t.http.get('/api/v1/leaders').set(t.admin).expect(200);
    // A valid key never used from here cannot be told from a guess: it waits too.
    await t.http.get('/api/v1/leaders').set(t.as(unused.key)).expect(429);
    await t.http.post('/api/v1/session').send({ key: unused.key }).expect(429);

    // A valid key does not lift the throttle; a refused attempt does not lengthen it.
    clock.advance(1_000);
    const still = await t.http.get('/api/v1/leaders').set(t.as('msk_bad_y')).expect(429);
    expect(Number(still.headers['retry-after'])).toBe(WINDOW_S - 17);

    clock.advance(WINDOW_S * 1000);
    await t.http.get('/api/v1/leaders').set(t.as('msk_bad_z')).expect(401);
    await t.http.get('/api/v1/leaders').set(t.as(unused.key)).expect(200);
  });

  it('reads no key from the database for a throttled address that has not proved it', async () => {
    clock.advance(WINDOW_S * 1000);
    await failTenTimes();
    const repository = t.app.get(ApiKeysRepository);
    const lookups = jest.spyOn(repository, 'findActiveByHash');
    try {
      for (let i = 0; i < 20; i++) {
        await t.http
          .get('/api/v1/leaders')
          .set(t.as(`msk_guess_${i}`))
          .expect(429);
        await t.http
          .post('/api/v1/session')
          .send({ key: `msk_guess_s${i}` })
          .expect(429);
      }
      expect(lookups).toHaveBeenCalledTimes(0);
      // A proved key is still read (or found in the recent keys) and let through.
      await t.http.get('/api/v1/leaders').set(t.admin).expect(200);
    } finally {
      lookups.mockRestore();
    }
  });
});
