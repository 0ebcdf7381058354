/**
 * What a client's `Idempotency-Key` means, wherever a write honours one:
 * the key's form, what makes two requests "the same", and the error for a
 * key reused for another request. Storage is the caller's (a follow-up keeps
 * its key on its own row; other writes keep theirs in idempotent_requests).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json';
import { DomainError, InvalidInput } from '../common/domain-error';

/** Printable ASCII, as Stripe and the IETF draft use; long enough for a UUID or a hash. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/u;

/** A key sent in a form that cannot be one: a 400 naming the header. */
export function checkIdempotencyKey(key: string | undefined): void {
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new InvalidInput('Idempotency-Key', 'must be 1 to 200 printable ASCII characters');
  }
}

/** The SHA-256 of a request's meaningful content, in canonical JSON (key order does not matter). */
export function requestFingerprint(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

/** An Idempotency-Key already used, in the same scope, for a different request. */
export class IdempotencyKeyReused extends DomainError {
  constructor(
    readonly idempotencyKey: string,
    /** Where the key was used, e.g. "on this case", "on this snapshot". */
    scope: string,
  ) {
    super(
      'conflict',
      'IDEMPOTENCY_KEY_REUSED',
      `Idempotency-Key ${idempotencyKey} was already used ${scope} for a different request`,
      { idempotencyKey },
    );
    this.name = 'IdempotencyKeyReused';
  }
}

/** A retry of the request the key was first used for passes; a key reused for another one throws. */
export function requireSameRequest(
  earlierHash: string | null,
  requestHash: string,
  key: string,
  scope: string,
): void {
  if (earlierHash !== requestHash) {
    throw new IdempotencyKeyReused(key, scope);
  }
}

/** How the header reads in the OpenAPI document of every write that honours it. */
export const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'a retry with the same key and the same body answers the first response again; the same key with another body is a 409 IDEMPOTENCY_KEY_REUSED',
};
