import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import type { Sql } from '../database/database';
import { checkIdempotencyKey, requestFingerprint, requireSameRequest } from './idempotency-key';
import { IdempotentRequestsRepository } from './idempotent-requests.repository';

/** A write a client may retry: where its key is unique, the key, and what makes it the same request. */
export interface KeyedRequest {
  /** e.g. `satisfaction:<caseId>`: a key means one request within its scope. */
  scope: string;
  /** How the scope reads in an error: "on this case". */
  scopeName: string;
  key: string | undefined;
  content: unknown;
}

/**
 * Idempotency-Key for writes whose rows do not carry a key of their own: the
 * first response is stored with the key in the write's own transaction, so a
 * retry (same key, same content) gets it again instead of a second write,
 * and a key reused for other content is a 409.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly requests: IdempotentRequestsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * The stored response of a request already made with this key, read
   * before any work: a write whose preparation is costly (a snapshot
   * freezes the whole ranking first) answers a retry without redoing it.
   * null when there is none yet; `once` still decides under its lock.
   */
  async replay<T>(sql: Sql, request: KeyedRequest): Promise<T | null> {
    const { key } = request;
    if (key === undefined) {
      return null;
    }
    checkIdempotencyKey(key);
    const earlier = await this.requests.find(sql, request.scope, key);
    if (earlier === null) {
      return null;
    }
    requireSameRequest(
      earlier.requestHash,
      requestFingerprint(request.content),
      key,
      request.scopeName,
    );
    return JSON.parse(earlier.response) as T;
  }

  /**
   * Runs `write` once per key: without a key, always. A replayed response is
   * the first one's JSON (times as ISO strings), which serialises the same.
   */
  async once<T>(
    tx: Sql,
    request: KeyedRequest,
    write: () => Promise<T>,
  ): Promise<{ result: T; replayed: boolean }> {
    const { key } = request;
    if (key === undefined) {
      return { result: await write(), replayed: false };
    }
    checkIdempotencyKey(key);
    const requestHash = requestFingerprint(request.content);
    const earlier = await this.requests.claim(tx, request.scope, key);
    if (earlier) {
      requireSameRequest(earlier.requestHash, requestHash, key, request.scopeName);
      return { result: JSON.parse(earlier.response) as T, replayed: true };
    }
    const result = await write();
    await this.requests.remember(tx, {
      scope: request.scope,
      key,
      requestHash,
      response: JSON.stringify(result),
      at: this.clock.now(),
    });
    return { result, replayed: false };
  }
}
