/** What one HTTP answer from Weibo means, decided without doing any IO. */
import axios from 'axios';
import {
  WeiboError,
  WeiboForbidden,
  WeiboNotJson,
  WeiboUnavailable,
  type WeiboErrorDetails,
} from './weibo-errors';
import { parseWeiboJson } from './weibo-json';
import { expectOk } from './weibo-parser';

export interface RawResponse {
  status: number;
  body: string;
  /** Lower-case header names. */
  headers: Record<string, unknown>;
}

export type ResponseOutcome =
  | { kind: 'json'; json: unknown }
  /** 418/432/429: the caller pauses the host; `retryAfterMs` is 0 without a Retry-After. */
  | { kind: 'rate_limited'; status: number; retryAfterMs: number }
  | { kind: 'error'; error: WeiboError };

const RATE_LIMIT_STATUSES = new Set([418, 429, 432]);
const SNIPPET_LENGTH = 200;

export function readResponse(
  response: RawResponse,
  path: string,
  attempts: number,
): ResponseOutcome {
  const { status, body, headers } = response;
  const details: WeiboErrorDetails = { path, status, attempts };
  const fail = (error: WeiboError): ResponseOutcome => ({ kind: 'error', error });
  if (RATE_LIMIT_STATUSES.has(status)) {
    return { kind: 'rate_limited', status, retryAfterMs: retryAfterMs(headers['retry-after']) };
  }
  if (status === 403) {
    return fail(new WeiboForbidden({ ...details, reason: 'HTTP 403' }));
  }
  if (status >= 500) {
    return fail(new WeiboUnavailable({ ...details, reason: `HTTP ${status}` }));
  }
  if (status >= 300 && status < 400) {
    // Weibo redirects a visitor it distrusts to a login or visitor-check page.
    const location = typeof headers.location === 'string' ? headers.location : '';
    return fail(
      new WeiboNotJson({ ...details, snippet: `redirect to ${location}`.slice(0, SNIPPET_LENGTH) }),
    );
  }
  if (status !== 200) {
    return fail(new WeiboUnavailable({ ...details, reason: `HTTP ${status}`, retryable: false }));
  }
  let json: unknown;
  try {
    json = parseWeiboJson(body);
  } catch {
    return fail(new WeiboNotJson({ ...details, snippet: body.trim().slice(0, SNIPPET_LENGTH) }));
  }
  try {
    expectOk(json, path);
  } catch (error) {
    if (error instanceof WeiboError) {
      return fail(error);
    }
    throw error;
  }
  return { kind: 'json', json };
}

function retryAfterMs(header: unknown): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/** A request that got no HTTP answer: time-out, refused or reset connection. */
export function transportFailure(cause: unknown, path: string, attempts: number): WeiboUnavailable {
  return new WeiboUnavailable({ path, attempts, cause, reason: describeTransportError(cause) });
}

function describeTransportError(cause: unknown): string {
  if (axios.isAxiosError(cause) || axios.isCancel(cause)) {
    const code = (cause as { code?: string }).code;
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED') {
      return 'timed out';
    }
    return code ? `network error ${code}` : 'network error';
  }
  return cause instanceof Error ? cause.message : 'network error';
}
