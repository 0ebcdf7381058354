import { Clock } from '../common/clock';
import { TooManyAttempts, Unauthenticated } from '../common/domain-error';
import { createLogger } from '../common/logger';
import { hashApiKey } from './api-key';
import type { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService, KEY_RECHECK_MS } from './api-keys.service';
import type { Principal } from './principal';
import type { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { SignInThrottle } from './sign-in-throttle';

const VALID = 'msk_valid-key';
const ADMIN: Principal = { keyId: 'k1', name: 'admin', role: 'admin', leaderIds: [] };
const ADDRESS = { address: '203.0.113.7' };

class HandClock extends Clock {
  at = new Date('2025-03-03T02:00:00Z').getTime();
  now(): Date {
    return new Date(this.at);
  }
}

/** The api_keys table as a map of hashes, counting reads. */
class KeysInMemory {
  readonly byHash = new Map<string, Principal>([[hashApiKey(VALID), ADMIN]]);
  reads = 0;

  asRepository(): ApiKeysRepository {
    return {
      findActiveByHash: (hash: string) => {
        this.reads += 1;
        return Promise.resolve(this.byHash.get(hash) ?? null);
      },
      insert: (key: { keyHash: string; name: string }) => {
        this.byHash.set(key.keyHash, { keyId: 'k2', name: key.name, role: 'admin', leaderIds: [] });
        return Promise.resolve({});
      },
    } as unknown as ApiKeysRepository;
  }
}

function setUp() {
  const clock = new HandClock();
  const table = new KeysInMemory();
  const logger = createLogger('silent');
  const keys = new ApiKeysService(table.asRepository(), clock, logger);
  const throttle = new SignInThrottle({ maxFailures: 3, windowMs: 60_000, maxAddresses: 100 });
  const sessions = new SessionsService(
    keys,
    {} as unknown as SessionsRepository,
    throttle,
    clock,
    logger,
  );
  const attempt = (key: string, client = ADDRESS) => sessions.authenticateKey(key, client);
  const failThrice = async () => {
    for (const n of [1, 2, 3]) {
      await expect(attempt(`msk_wrong_${n}`)).rejects.toBeInstanceOf(Unauthenticated);
      clock.at += 1_000;
    }
  };
  return { clock, table, keys, throttle, attempt, failThrice };
}

describe('SessionsService.authenticateKey', () => {
  it('lets through a throttled address the keys it proved before, and no other', async () => {
    const { clock, table, attempt, failThrice } = setUp();
    table.byHash.set(hashApiKey('msk_other-valid'), { ...ADMIN, keyId: 'k3' });
    await expect(attempt(VALID)).resolves.toEqual(ADMIN);
    await failThrice();
    await expect(attempt('msk_wrong_4')).rejects.toBeInstanceOf(TooManyAttempts);
    await expect(attempt(VALID)).resolves.toEqual(ADMIN);
    clock.at += KEY_RECHECK_MS;
    await expect(attempt(VALID)).resolves.toEqual(ADMIN);
    // Valid, but never proved from here: the address cannot tell it from a guess.
    await expect(attempt('msk_other-valid')).rejects.toBeInstanceOf(TooManyAttempts);
    await expect(attempt('msk_other-valid', { address: '198.51.100.1' })).resolves.toMatchObject({
      keyId: 'k3',
    });
  });

  it('refuses a wrong key from a throttled address with the same wait, not counting it again', async () => {
    const { clock, throttle, attempt, failThrice } = setUp();
    await failThrice();
    const first = await attempt('msk_wrong_4').catch((error: unknown) => error);
    expect(first).toBeInstanceOf(TooManyAttempts);
    expect((first as TooManyAttempts).retryAfterSeconds).toBe(57);
    for (let i = 0; i < 20; i++) {
      await expect(attempt(`msk_guess_${i}`)).rejects.toBeInstanceOf(TooManyAttempts);
    }
    // The oldest failure (t=0) leaves the window at 60 s: the address is free, not held longer.
    clock.at += 57_000;
    expect(throttle.retryAfterSeconds(ADDRESS.address, clock.now())).toBeNull();
    await expect(attempt('msk_wrong_5')).rejects.toBeInstanceOf(Unauthenticated);
  });

  it('a valid key neither lifts the throttle nor counts', async () => {
    const { attempt, failThrice } = setUp();
    await expect(attempt(VALID)).resolves.toEqual(ADMIN);
    await failThrice();
    await expect(attempt(VALID)).resolves.toEqual(ADMIN);
    await expect(attempt('msk_wrong_4')).rejects.toBeInstanceOf(TooManyAttempts);
    await expect(attempt(VALID, { address: '198.51.100.1' })).resolves.toEqual(ADMIN);
    await expect(attempt('msk_wrong_4', { address: '198.51.100.1' })).rejects.toBeInstanceOf(
      Unauthenticated,
    );
  });

  it('looks up no key a throttled address has not proved, however many it sends', async () => {
    const { table, attempt, failThrice } = setUp();
    await failThrice();
    const before = table.reads;
    for (let i = 0; i < 50; i++) {
      await expect(attempt(`msk_guess_${i}`)).rejects.toBeInstanceOf(TooManyAttempts);
    }
    expect(table.reads - before).toBe(0);
  });

  it('forgets what an address proved after the trust period', async () => {
    const { clock, attempt, failThrice } = setUp();
    await expect(attempt(VALID)).resolves.toEqual(ADMIN);
    clock.at += 24 * 3_600_000;
    await failThrice();
    await expect(attempt(VALID)).rejects.toBeInstanceOf(TooManyAttempts);
  });
});

describe('ApiKeysService.authenticate', () => {
  it('takes a key configured at start-up at once, even one found wrong a moment before', async () => {
    const { keys } = setUp();
    await expect(keys.authenticate('msk_configured')).resolves.toBeNull();
    await keys.ensureAdminKey('msk_configured');
    await expect(keys.authenticate('msk_configured')).resolves.toMatchObject({ role: 'admin' });
  });
});
