import { Inject, Injectable } from '@nestjs/common';
import { InvalidInput, NotFound } from '../common/domain-error';
import { LOGGER, type Logger } from '../common/logger';
import type { Page, PageRequest } from '../common/pagination';
import { generateApiKey, hashApiKey, keyPrefix } from './api-key';
import { ApiKeysRepository, type ApiKeySummary } from './api-keys.repository';
import type { Principal, Role } from './principal';
import { Clock } from '../common/clock';
import { RecentKeys, RecentMisses } from './recent-keys';

/**
 * How long this instance takes its own word for a key before it is read
 * again: a key revoked through another instance works here for at most this
 * long (one revoked through this instance stops at once); a wrong key is
 * read from the database at most once in this long.
 */
export const KEY_RECHECK_MS = 5_000;

export interface IssuedKey extends ApiKeySummary {
  /** Shown once; only its hash is kept. */
  key: string;
}

@Injectable()
export class ApiKeysService {
  /** The valid keys of the last KEY_RECHECK_MS, by hash: a request need not read its key again. */
  private readonly recent = new RecentKeys<Principal>(KEY_RECHECK_MS, 10_000);
  /** The wrong keys of the last KEY_RECHECK_MS, by hash: repeating one costs no database read. */
  private readonly misses = new RecentMisses(KEY_RECHECK_MS, 10_000);

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async authenticate(key: string): Promise<Principal | null> {
    const hash = hashApiKey(key);
    const now = this.clock.now().getTime();
    const recent = this.recent.get(hash, now);
    if (recent !== undefined) {
      return recent;
    }
    if (this.misses.has(hash, now)) {
      return null;
    }
    const principal = await this.keys.findActiveByHash(hash);
    if (principal) {
      this.recent.set(hash, principal, now);
    } else {
      this.misses.add(hash, now);
    }
    return principal;
  }

  async issue(request: { name: string; role: Role; leaderIds?: string[] }): Promise<IssuedKey> {
    const leaderIds = [...new Set(request.leaderIds ?? [])];
    if ((request.role === 'leader' || request.role === 'staff') && leaderIds.length === 0) {
      throw new InvalidInput('leaderIds', `must name at least one leader for role ${request.role}`);
    }
    if (request.role !== 'leader' && request.role !== 'staff' && leaderIds.length > 0) {
      throw new InvalidInput(
        'leaderIds',
        `is only for roles leader and staff, not ${request.role}`,
      );
    }
    if (
      leaderIds.length > 0 &&
      (await this.keys.countExistingLeaders(leaderIds)) !== leaderIds.length
    ) {
      throw new InvalidInput('leaderIds', 'names a leader that does not exist');
    }
    const key = generateApiKey();
    const summary = await this.keys.insert(
      {
        name: request.name,
        role: request.role,
        leaderIds,
        keyHash: hashApiKey(key),
        keyPrefix: keyPrefix(key),
      },
      this.clock.now(),
    );
    this.logger.info(
      { event: 'api_key.issued', keyId: summary.id, role: summary.role },
      'api key issued',
    );
    return { ...summary, key };
  }

  list(page: PageRequest): Promise<Page<ApiKeySummary>> {
    return this.keys.list(page);
  }

  async revoke(id: string): Promise<void> {
    const revoked = await this.keys.revoke(id, this.clock.now());
    this.recent.forgetKey(id);
    if (!revoked) {
      throw new NotFound('api key', id);
    }
    this.logger.info({ event: 'api_key.revoked', keyId: id }, 'api key revoked');
  }

  /**
   * At start-up: MINSHENG_ADMIN_KEY becomes (or stays) an admin key. With no
   * such variable and no admin key at all, one is minted and printed once so
   * that a newcomer can start working.
   */
  async ensureAdminKey(configured: string | null): Promise<string | null> {
    if (configured) {
      const keyHash = hashApiKey(configured);
      await this.keys.insert(
        {
          name: 'MINSHENG_ADMIN_KEY',
          role: 'admin',
          leaderIds: [],
          keyHash,
          keyPrefix: keyPrefix(configured),
        },
        this.clock.now(),
      );
      // Tried before it was configured (or while revoked): valid from now on.
      this.misses.forget(keyHash);
      return null;
    }
    if ((await this.keys.countActiveAdmins()) > 0) {
      return null;
    }
    const issued = await this.issue({ name: 'first admin', role: 'admin' });
    return issued.key;
  }
}
