/**
 * A fake m.weibo.cn on 127.0.0.1 for tests: the four endpoints of SPEC
 * section 2 over an in-memory model, with failure injection, latency and a
 * request log.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeWeiboModel, type FakeResponse, type FakeWeiboModelOptions } from './fake-weibo-model';
import {
  CAPTCHA_HTML,
  ok0Body,
  type FakeCommentInput,
  type FakePostInput,
  type FakeReplyInput,
} from './weibo-builders';

export type FailureMode = 418 | 432 | 403 | 500 | 502 | 'hang' | 'html' | 'ok0';

export interface LoggedRequest {
  path: string;
  query: Record<string, string>;
  /** Date.now() when the request arrived. */
  at: number;
  /** Date.now() when the response was finished, or the connection closed; null while open. */
  finishedAt: number | null;
  /** Status sent, or null when the request was left hanging. */
  status: number | null;
  failure: FailureMode | null;
  headers: http.IncomingHttpHeaders;
}

interface PathFailure {
  pattern: RegExp;
  mode: FailureMode;
  remaining: number;
}

export type FakeWeiboOptions = FakeWeiboModelOptions;

export class FakeWeibo {
  readonly model: FakeWeiboModel;
  readonly requests: LoggedRequest[] = [];
  private server: http.Server | null = null;
  private latencyMs = 0;
  private readonly nextFailures: FailureMode[] = [];
  private readonly pathFailures: PathFailure[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly hanging = new Set<http.ServerResponse>();

  constructor(options: FakeWeiboOptions = {}) {
    this.model = new FakeWeiboModel(options);
  }

  addUser(uid: string, screenName: string): void {
    this.model.addUser(uid, screenName);
  }

  addPost(uid: string, post: FakePostInput): void {
    this.model.addPost(uid, post);
  }

  addComment(postId: string, comment: FakeCommentInput): void {
    this.model.addComment(postId, comment);
  }

  addReply(rootCommentId: string, reply: FakeReplyInput): void {
    this.model.addReply(rootCommentId, reply);
  }

  /** Changes a comment's likes, and so its place in the popularity order. */
  setLikeCount(commentId: string, likeCount: number): void {
    this.model.setLikeCount(commentId, likeCount);
  }

  /** The author deletes a comment and its thread (see FakeWeiboModel.deleteComment). */
  deleteComment(commentId: string): void {
    this.model.deleteComment(commentId);
  }

  deleteReply(replyId: string): void {
    this.model.deleteReply(replyId);
  }

  restore(id: string): void {
    this.model.restore(id);
  }

  /** The next `reads` reads of the comment's post leave it out of their page. */
  omitFromReads(commentId: string, reads = 1): void {
    this.model.omitFromReads(commentId, reads);
  }

  /** The next `n` requests, whatever their path, fail with `mode`. */
  failNext(n: number, mode: FailureMode): void {
    for (let i = 0; i < n; i++) {
      this.nextFailures.push(mode);
    }
  }

  /** The next `times` requests whose path and query (`/comments/hotflow?id=..`) match fail with `mode`. */
  failPath(pattern: RegExp, mode: FailureMode, times = 1): void {
    this.pathFailures.push({ pattern, mode, remaining: times });
  }

  /** Clears pending failure injections. */
  clearFailures(): void {
    this.nextFailures.length = 0;
    this.pathFailures.length = 0;
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  resetLog(): void {
    this.requests.length = 0;
  }

  /** Requests to one endpoint, e.g. `requestsTo('/comments/hotflow')`. */
  requestsTo(pathname: string): LoggedRequest[] {
    return this.requests.filter((r) => r.path === pathname);
  }

  /** Listens on 127.0.0.1 (port 0: any free port) and returns the base URL. */
  async start(port = 0): Promise<string> {
    const server = http.createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    const server = this.server;
    this.server = null;
    if (server === null) {
      return;
    }
    for (const res of this.hanging) {
      res.destroy();
    }
    this.hanging.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private takeFailure(url: string): FailureMode | null {
    const rule = this.pathFailures.find((f) => f.remaining > 0 && f.pattern.test(url));
    if (rule !== undefined) {
      rule.remaining--;
      return rule.mode;
    }
    return this.nextFailures.shift() ?? null;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake.weibo');
    const failure = this.takeFailure(`${url.pathname}${url.search}`);
    const entry: LoggedRequest = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      at: Date.now(),
      finishedAt: null,
      status: null,
      failure,
      headers: req.headers,
    };
    this.requests.push(entry);
    res.on('close', () => {
      entry.finishedAt = Date.now();
      this.hanging.delete(res);
    });
    if (failure === 'hang') {
      this.hanging.add(res);
      return;
    }
    const send = (): void => {
      const response = this.responseFor(failure, url);
      entry.status = response.status;
      res.writeHead(response.status, { 'Content-Type': response.contentType });
      res.end(response.body);
    };
    if (this.latencyMs > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        send();
      }, this.latencyMs);
      this.timers.add(timer);
    } else {
      send();
    }
  }

  private responseFor(failure: Exclude<FailureMode, 'hang'> | null, url: URL): FakeResponse {
    switch (failure) {
      case null:
        return this.model.respond(url.pathname, url.searchParams);
      case 'html':
        return { status: 200, contentType: 'text/html; charset=utf-8', body: CAPTCHA_HTML };
      case 'ok0':
        return { status: 200, contentType: 'application/json; charset=utf-8', body: ok0Body() };
      case 418:
      case 432:
      case 403:
      case 500:
      case 502:
        return { status: failure, contentType: 'text/plain', body: String(failure) };
    }
  }
}
