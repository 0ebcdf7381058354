/**
 * Errors of the domain carry a code and a kind, never an HTTP status: one
 * filter (`http-exception.filter.ts`) maps kinds to statuses.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'upstream'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = code;
  }
}

export class NotFound extends DomainError {
  constructor(what: string, id: string) {
    super(
      'not_found',
      `${what.toUpperCase().replace(/\s+/g, '_')}_NOT_FOUND`,
      `${what} ${id} not found`,
      {
        id,
      },
    );
  }
}

export class InvalidInput extends DomainError {
  constructor(field: string, problem: string) {
    super('invalid', 'INVALID_INPUT', `${field} ${problem}`, { field });
  }
}

export class Conflict extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super('conflict', code, message, details);
  }
}

export class Forbidden extends DomainError {
  constructor(message: string) {
    super('forbidden', 'FORBIDDEN', message);
  }
}

export class Unauthenticated extends DomainError {
  constructor(message: string) {
    super('unauthenticated', 'UNAUTHENTICATED', message);
  }
}

/** Too many failed attempts from one address; the client may retry after the given seconds. */
export class TooManyAttempts extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'rate_limited',
      'TOO_MANY_ATTEMPTS',
      `too many failed sign-ins; retry after ${retryAfterSeconds} s`,
      {
        retryAfterSeconds,
      },
    );
  }
}
