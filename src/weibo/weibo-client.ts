/**
 * HTTP client for the four m.weibo.cn endpoints of SPEC section 2.
 *
 * Politeness (see HostGate): one request at a time per host, at least
 * `minIntervalMs` from the end of one request to the start of the next.
 * Faults: 418/432/429 pause the whole host (exponential back-off with jitter,
 * longer with each consecutive rate limit) and the request is retried after
 * the pause; 5xx, time-outs, network errors and non-JSON bodies are retried
 * with back-off while the host serves others; 403 and `ok:0` are not retried.
 * At most `maxRetries` retries in all, then the last error is thrown.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { WeiboError, WeiboMalformed, WeiboRateLimited } from './weibo-errors';
import { backoffDelay, HostGate, type HostState, type Sleep } from './host-gate';
import { readResponse, transportFailure } from './weibo-response';
import {
  parseCommentsPage,
  parseLongText,
  parseRepliesPage,
  parseTimelinePage,
} from './weibo-parser';
import type { CommentsPage, RepliesPage, TimelinePage } from './weibo-types';

export interface WeiboLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WeiboClientOptions {
  /** e.g. `https://m.weibo.cn` (WEIBO_BASE_URL). */
  baseUrl: string;
  /** Gap from the end of one request to the start of the next on a host (WEIBO_MIN_INTERVAL_MS). */
  minIntervalMs: number;
  /** Sent as the Cookie header (WEIBO_COOKIE). */
  cookie?: string;
  /** Whole-request deadline. Default 10000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** First back-off step. Default 2000. */
  backoffBaseMs?: number;
  /** Back-off ceiling. Default 300000. */
  backoffMaxMs?: number;
  userAgent?: string;
  sleep?: Sleep;
  /** Real time in ms for pacing requests and back-off (the politeness gap runs on the wall clock). */
  now?: () => number;
  /** Business time: what relative Weibo dates (`5分钟前`, `昨天 12:30`) are resolved against; the service's clock. */
  clock?: () => Date;
  random?: () => number;
  logger?: WeiboLogger;
  /** Told of every HTTP exchange: the status code, or `timeout` / `network` when none came. */
  onExchange?: (status: string) => void;
}

const MOBILE_USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 ' +
  '(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

const DIGITS = /^\d+$/;
const POST_KEY = /^[0-9A-Za-z]+$/;

const silentLogger: WeiboLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function requireKey(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) {
    throw new RangeError(`${what} must match ${String(pattern)}, got ${JSON.stringify(value)}`);
  }
  return value;
}

export class WeiboClient {
  private readonly http: AxiosInstance;
  private readonly gates = new Map<string, HostGate>();
  private readonly host: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly sleep: Sleep;
  private readonly now: () => number;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly logger: WeiboLogger;

  constructor(private readonly options: WeiboClientOptions) {
    this.host = new URL(options.baseUrl).host;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.backoffBaseMs = options.backoffBaseMs ?? 2_000;
    this.backoffMaxMs = options.backoffMaxMs ?? 300_000;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.clock = options.clock ?? (() => new Date(this.now()));
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
    const headers: Record<string, string> = {
      'User-Agent': options.userAgent ?? MOBILE_USER_AGENT,
      Accept: 'application/json, text/plain, */*',
      'Accept-Language': 'zh-CN,zh;q=0.9',
      Referer: 'https://m.weibo.cn/',
      'X-Requested-With': 'XMLHttpRequest',
      'MWeibo-Pwa': '1',
    };
    if (options.cookie) {
      headers.Cookie = options.cookie;
    }
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      headers,
      timeout: this.timeoutMs,
      responseType: 'text',
      // Keep the body as text: we detect non-JSON and keep big ids exact ourselves.
      transformResponse: [(body: unknown) => body],
      validateStatus: () => true,
      // A redirect goes to a login or visitor page, often on another host.
      maxRedirects: 0,
    });
  }

  /** One page (1-based) of a user's timeline. */
  async getTimelinePage(uid: string, page: number): Promise<TimelinePage> {
    requireKey(uid, DIGITS, 'uid');
    if (!Number.isInteger(page) || page < 1) {
      throw new RangeError(`page must be a positive integer, got ${page}`);
    }
    const path = this.path('/api/container/getIndex', {
      containerid: `107603${uid}`,
      page: String(page),
    });
    const json = await this.fetchJson(path);
    return this.parse(path, () => parseTimelinePage(json, this.clock()));
  }

  /** One page of a post's top-level comments (popularity order); `maxId` from the previous page. */
  async getCommentsPage(mid: string, maxId?: string): Promise<CommentsPage> {
    requireKey(mid, DIGITS, 'mid');
    const query: Record<string, string> = { id: mid, mid, max_id_type: '0' };
    if (maxId !== undefined && maxId !== '0') {
      query.max_id = requireKey(maxId, DIGITS, 'maxId');
    }
    const path = this.path('/comments/hotflow', query);
    const json = await this.fetchJson(path);
    return this.parse(path, () => parseCommentsPage(json, mid, this.clock()));
  }

  /**
   * One page of the thread under a top-level comment. `postId` (the post's
   * mid) fills `WeiboComment.postId`, which the endpoint does not send.
   */
  async getRepliesPage(rootCommentId: string, maxId = '0', postId = ''): Promise<RepliesPage> {
    requireKey(rootCommentId, DIGITS, 'rootCommentId');
    requireKey(maxId, DIGITS, 'maxId');
    const path = this.path('/comments/hotFlowChild', {
      cid: rootCommentId,
      max_id: maxId,
      max_id_type: '0',
    });
    const json = await this.fetchJson(path);
    return this.parse(path, () => parseRepliesPage(json, postId, this.clock(), rootCommentId));
  }

  /** The full HTML of a long post (`isLongText`); read it with readWeiboText or use withLongText. */
  async getLongText(id: string): Promise<string> {
    requireKey(id, POST_KEY, 'id');
    const path = this.path('/statuses/extend', { id });
    const json = await this.fetchJson(path);
    return this.parse(path, () => parseLongText(json));
  }

  /** Politeness state of a host (default: the base URL's), for the feed status. */
  hostState(host: string = this.host): HostState {
    return this.gate(host).state();
  }

  private path(pathname: string, query: Record<string, string>): string {
    return `${pathname}?${new URLSearchParams(query).toString()}`;
  }

  private gate(host: string): HostGate {
    let gate = this.gates.get(host);
    if (gate === undefined) {
      gate = new HostGate(host, this.options.minIntervalMs, this.now, this.sleep);
      this.gates.set(host, gate);
    }
    return gate;
  }

  /** Parser errors carry no path; give them this request's. */
  private parse<T>(path: string, parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof WeiboMalformed && error.path === '') {
        throw new WeiboMalformed({ path, reason: error.reason });
      }
      throw error;
    }
  }

  /** GET with politeness and retries; resolves to the `ok:1` envelope. */
  private async fetchJson(path: string): Promise<unknown> {
    const gate = this.gate(this.host);
    for (let attempt = 1; ; attempt++) {
      const outcome = await gate.run(() => this.attempt(gate, path, attempt));
      if (!(outcome instanceof WeiboError)) {
        return outcome.json;
      }
      const error = outcome;
      if (!error.retryable || attempt > this.maxRetries) {
        const fields = { path, code: error.code, status: error.status, attempts: attempt };
        if (error.code === 'empty') {
          this.logger.info(fields, 'weibo has nothing there'); // also how the last page ends
        } else {
          this.logger.error(fields, 'weibo request failed');
        }
        throw error;
      }
      if (error instanceof WeiboRateLimited) {
        this.logger.warn(
          { path, status: error.status, pausedUntil: error.pausedUntil, attempt },
          'weibo rate limit: host paused',
        );
        continue; // the gate holds every request until the pause is over
      }
      const delay = backoffDelay(attempt, this.backoffBaseMs, this.backoffMaxMs, this.random);
      this.logger.warn(
        { path, code: error.code, status: error.status, attempt, delayMs: delay },
        'weibo request retried',
      );
      await this.sleep(delay);
    }
  }

  /** One HTTP exchange inside the host's turn; errors are returned, not thrown. */
  private async attempt(
    gate: HostGate,
    path: string,
    attempt: number,
  ): Promise<{ json: unknown } | WeiboError> {
    let response: AxiosResponse<unknown>;
    try {
      response = await this.http.get<unknown>(path, {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      const failure = transportFailure(cause, path, attempt);
      this.options.onExchange?.(failure.message.endsWith('timed out') ? 'timeout' : 'network');
      return failure;
    }
    this.options.onExchange?.(String(response.status));
    const outcome = readResponse(
      {
        status: response.status,
        body: typeof response.data === 'string' ? response.data : '',
        headers: response.headers,
      },
      path,
      attempt,
    );
    if (outcome.kind !== 'rate_limited') {
      // Any other answer means the host is no longer limiting us.
      gate.clearRateLimits();
    }
    switch (outcome.kind) {
      case 'json':
        return { json: outcome.json };
      case 'error':
        return outcome.error;
      case 'rate_limited': {
        const step = backoffDelay(
          gate.consecutiveRateLimits + 1,
          this.backoffBaseMs,
          this.backoffMaxMs,
          this.random,
        );
        const delay = Math.max(step, Math.min(this.backoffMaxMs, outcome.retryAfterMs));
        return new WeiboRateLimited({
          path,
          status: outcome.status,
          attempts: attempt,
          pausedUntil: gate.pauseAfterRateLimit(delay),
        });
      }
    }
  }
}
