/** Domain errors of the Weibo source. They know nothing of NestJS or of our own HTTP API. */

export type WeiboErrorCode =
  'rate_limited' | 'forbidden' | 'unavailable' | 'not_json' | 'empty' | 'malformed';

export interface WeiboErrorDetails {
  /** Request path with its query (never the cookie), e.g. `/comments/hotflow?id=1&mid=1`. */
  path: string;
  status?: number | null;
  /** How many attempts were made before giving up. */
  attempts?: number;
  cause?: unknown;
}

export abstract class WeiboError extends Error {
  abstract readonly code: WeiboErrorCode;
  abstract readonly retryable: boolean;
  readonly path: string;
  readonly status: number | null;
  readonly attempts: number;

  protected constructor(message: string, details: WeiboErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.path = details.path;
    this.status = details.status ?? null;
    this.attempts = details.attempts ?? 1;
  }
}

/** HTTP 418 / 432 (or 429): Weibo says we are too fast. The whole host pauses. */
export class WeiboRateLimited extends WeiboError {
  readonly code = 'rate_limited' as const;
  readonly retryable = true;
  /** Until when the client keeps the host paused. */
  readonly pausedUntil: Date | null;

  constructor(details: WeiboErrorDetails & { pausedUntil?: Date | null }) {
    super(`Weibo rate limit (HTTP ${details.status ?? '?'}) on ${details.path}`, details);
    this.pausedUntil = details.pausedUntil ?? null;
  }
}

/** HTTP 403, or `ok:-100` (login required). Not retried. */
export class WeiboForbidden extends WeiboError {
  readonly code = 'forbidden' as const;
  readonly retryable = false;

  constructor(details: WeiboErrorDetails & { reason?: string }) {
    super(`Weibo refused ${details.path}${details.reason ? `: ${details.reason}` : ''}`, details);
  }
}

/** 5xx, time-out, network failure (retryable), or another unexpected HTTP status (not). */
export class WeiboUnavailable extends WeiboError {
  readonly code = 'unavailable' as const;
  readonly retryable: boolean;

  constructor(details: WeiboErrorDetails & { reason: string; retryable?: boolean }) {
    super(`Weibo unavailable on ${details.path}: ${details.reason}`, details);
    this.retryable = details.retryable ?? true;
  }
}

/** A body that is not JSON: a captcha, visitor or login page, or a redirect to one. */
export class WeiboNotJson extends WeiboError {
  readonly code = 'not_json' as const;
  readonly retryable = true;
  /** The first characters of the body, for the feed's last error. */
  readonly snippet: string;

  constructor(details: WeiboErrorDetails & { snippet: string }) {
    super(`Weibo answered ${details.path} with something that is not JSON`, details);
    this.snippet = details.snippet;
  }
}

/** `{"ok":0}`: no such account, nothing there, or past the last page. Not retried. */
export class WeiboEmpty extends WeiboError {
  readonly code = 'empty' as const;
  readonly retryable = false;
  readonly msg: string | null;

  constructor(details: WeiboErrorDetails & { msg?: string | null }) {
    super(`Weibo has nothing at ${details.path}${details.msg ? `: ${details.msg}` : ''}`, details);
    this.msg = details.msg ?? null;
  }
}

/** JSON with `ok:1` whose shape is not what the endpoint documents. Not retried. */
export class WeiboMalformed extends WeiboError {
  readonly code = 'malformed' as const;
  readonly retryable = false;
  readonly reason: string;

  constructor(details: WeiboErrorDetails & { reason: string }) {
    super(
      `Weibo sent an unexpected shape at ${details.path || '(parser)'}: ${details.reason}`,
      details,
    );
    this.reason = details.reason;
  }
}

export function isWeiboError(error: unknown): error is WeiboError {
  return error instanceof WeiboError;
}
