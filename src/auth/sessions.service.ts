import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Forbidden, TooManyAttempts, Unauthenticated } from '../common/domain-error';
import { LOGGER, type Logger } from '../common/logger';
import { hashApiKey } from './api-key';
import { ApiKeysService } from './api-keys.service';
import type { Principal } from './principal';
import { SessionsRepository } from './sessions.repository';
import { generateSessionId, sessionExpiresAt } from './session-rules';
import { SignInThrottle } from './sign-in-throttle';

/** Who is asking, as far as throttling is concerned. */
export interface ClientAddress {
  address: string;
}

/**
 * Signing in with a key (Bearer or the dashboard's form) and the sessions
 * that sign-in opens. Every failed key counts against the caller's address;
 * an address with too many failures gets 429 without its keys being looked
 * up (it can no longer test guesses), except for the keys it proved valid
 * before (sign-in-throttle.ts): people behind one NAT keep working while a
 * guesser among them waits.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly sessions: SessionsRepository,
    private readonly throttle: SignInThrottle,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * A key's principal. A wrong key is a counted failure (401). From an
   * address already throttled, a key it has not proved before is refused
   * with 429 before any lookup and not counted again, so the wait it is told
   * stays true; a key it proved is looked up as usual.
   */
  async authenticateKey(key: string, client: ClientAddress): Promise<Principal> {
    const now = this.clock.now();
    const retryAfter = this.throttle.retryAfterSeconds(client.address, now);
    const keyHash = hashApiKey(key);
    const proved = retryAfter !== null && this.throttle.hasProved(client.address, keyHash, now);
    const principal = retryAfter === null || proved ? await this.keys.authenticate(key) : null;
    if (principal) {
      this.throttle.recordSuccess(client.address, keyHash, now);
      return principal;
    }
    if (retryAfter !== null) {
      this.logger.warn(
        { event: 'auth.throttled', address: client.address, retryAfter },
        'sign-in refused: too many failures',
      );
      throw new TooManyAttempts(retryAfter);
    }
    this.throttle.recordFailure(client.address, now);
    this.logger.info({ event: 'auth.failed', address: client.address }, 'unknown api key');
    throw new Unauthenticated('unknown or revoked api key');
  }

  /** Trades a key for a new session; returns the session id for the cookie (never stored). */
  async signIn(key: string, client: ClientAddress): Promise<string> {
    const principal = await this.authenticateKey(key, client);
    const now = this.clock.now();
    const sessionId = generateSessionId();
    await this.sessions.deleteExpired(now);
    await this.sessions.insert({
      idHash: hashApiKey(sessionId),
      apiKeyId: principal.keyId,
      at: now,
      expiresAt: sessionExpiresAt(now),
    });
    this.logger.info(
      { event: 'session.opened', keyId: principal.keyId, role: principal.role },
      'session opened',
    );
    return sessionId;
  }

  /** The principal of a live session, whose idle clock starts again; null otherwise. */
  async resume(sessionId: string): Promise<Principal | null> {
    const now = this.clock.now();
    return this.sessions.touch(hashApiKey(sessionId), now, sessionExpiresAt(now));
  }

  /** Ends the cookie's session; a cookie sent from another origin may not end it. */
  async signOut(sessionId: string | null, fromOwnOrigin: boolean): Promise<void> {
    if (sessionId) {
      if (!fromOwnOrigin) {
        throw new Forbidden(
          'signing out with the session cookie must come from the dashboard’s own origin',
        );
      }
      await this.sessions.delete(hashApiKey(sessionId));
      this.logger.info({ event: 'session.closed' }, 'session closed');
    }
  }
}
