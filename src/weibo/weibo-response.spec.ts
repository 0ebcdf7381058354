import { AxiosError, CanceledError } from 'axios';
import {
  WeiboEmpty,
  WeiboForbidden,
  WeiboMalformed,
  WeiboNotJson,
  WeiboUnavailable,
} from './weibo-errors';
import { readResponse, transportFailure, type ResponseOutcome } from './weibo-response';

const PATH = '/comments/hotflow?id=1&mid=1&max_id_type=0';
const read = (status: number, body = '', headers: Record<string, unknown> = {}): ResponseOutcome =>
  readResponse({ status, body, headers }, PATH, 2);

function errorOf(outcome: ResponseOutcome): unknown {
  return outcome.kind === 'error' ? outcome.error : outcome;
}

describe('readResponse', () => {
  it('returns the JSON of an ok:1 body, big ids exact', () => {
    expect(read(200, '{"ok":1,"data":{"max_id":12345678901234567890}}')).toEqual({
      kind: 'json',
      json: { ok: 1, data: { max_id: '12345678901234567890' } },
    });
  });

  it.each([418, 429, 432])('%d is a rate limit, with Retry-After when given', (status) => {
    expect(read(status)).toEqual({ kind: 'rate_limited', status, retryAfterMs: 0 });
    expect(read(status, '', { 'retry-after': '30' })).toEqual({
      kind: 'rate_limited',
      status,
      retryAfterMs: 30_000,
    });
  });

  it('maps statuses and bodies to domain errors', () => {
    expect(errorOf(read(403))).toBeInstanceOf(WeiboForbidden);
    expect(errorOf(read(500))).toMatchObject({
      code: 'unavailable',
      retryable: true,
      status: 500,
      attempts: 2,
      path: PATH,
    });
    expect(errorOf(read(404))).toMatchObject({ code: 'unavailable', retryable: false });
    expect(
      errorOf(read(302, '', { location: 'https://passport.weibo.cn/signin/login' })),
    ).toMatchObject({
      code: 'not_json',
      snippet: 'redirect to https://passport.weibo.cn/signin/login',
    });
    expect(errorOf(read(200, '<html><title>验证码</title></html>'))).toBeInstanceOf(WeiboNotJson);
    expect(errorOf(read(200, '{"ok":1,'))).toBeInstanceOf(WeiboNotJson);
    expect(errorOf(read(200, '{"ok":0,"msg":"这里还没有内容"}'))).toMatchObject({
      constructor: WeiboEmpty,
      msg: '这里还没有内容',
      path: PATH,
    });
    expect(errorOf(read(200, '{"ok":-100,"url":"https://passport.weibo.cn"}'))).toBeInstanceOf(
      WeiboForbidden,
    );
    expect(errorOf(read(200, '"ok"'))).toBeInstanceOf(WeiboMalformed);
  });
});

describe('transportFailure', () => {
  it('names time-outs and network errors', () => {
    expect(transportFailure(new AxiosError('timeout', 'ECONNABORTED'), PATH, 1)).toMatchObject({
      constructor: WeiboUnavailable,
      message: expect.stringMatching(/timed out/),
      retryable: true,
      status: null,
    });
    expect(transportFailure(new CanceledError(), PATH, 1).message).toMatch(/timed out/);
    expect(transportFailure(new AxiosError('refused', 'ECONNREFUSED'), PATH, 1).message).toMatch(
      /network error ECONNREFUSED/,
    );
  });
});
