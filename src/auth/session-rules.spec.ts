import {
  clearedSessionCookie,
  generateSessionId,
  isSameOrigin,
  isStateChanging,
  readCookie,
  SESSION_IDLE_MS,
  sessionCookie,
  sessionExpiresAt,
} from './session-rules';

describe('session rules', () => {
  it('makes 256-bit ids that do not repeat', () => {
    const ids = new Set(Array.from({ length: 100 }, generateSessionId));
    expect(ids.size).toBe(100);
    for (const id of ids) {
      expect(Buffer.from(id, 'base64url')).toHaveLength(32);
    }
  });

  it('expires 8 hours after the last use', () => {
    expect(SESSION_IDLE_MS).toBe(28_800_000);
    expect(sessionExpiresAt(new Date('2025-03-03T02:00:00Z')).toISOString()).toBe(
      '2025-03-03T10:00:00.000Z',
    );
  });

  it('reads one cookie out of a Cookie header', () => {
    expect(readCookie('a=1; minsheng_session=abc; b=2', 'minsheng_session')).toBe('abc');
    expect(readCookie('xminsheng_session=abc', 'minsheng_session')).toBeNull();
    expect(readCookie('minsheng_session=', 'minsheng_session')).toBeNull();
    expect(readCookie(undefined, 'minsheng_session')).toBeNull();
    expect(readCookie('garbage;;==;', 'minsheng_session')).toBeNull();
  });

  it('writes HttpOnly, SameSite=Strict, Path=/ cookies, Secure over https', () => {
    expect(sessionCookie('abc', false)).toBe(
      'minsheng_session=abc; Path=/; HttpOnly; SameSite=Strict',
    );
    expect(sessionCookie('abc', true)).toMatch(/; Secure$/);
    expect(clearedSessionCookie(false)).toContain('Max-Age=0');
  });

  it('treats everything but GET, HEAD and OPTIONS as state-changing', () => {
    expect(['GET', 'head', 'OPTIONS'].map(isStateChanging)).toEqual([false, false, false]);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].map(isStateChanging)).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  describe('same origin', () => {
    const base = {
      protocol: 'http',
      host: 'localhost:3000',
      origin: undefined,
      referer: undefined,
    };
    it('accepts the own origin from Origin or, failing that, Referer', () => {
      expect(isSameOrigin({ ...base, origin: 'http://localhost:3000' })).toBe(true);
      expect(isSameOrigin({ ...base, referer: 'http://localhost:3000/cases/1?x=1' })).toBe(true);
    });
    it('refuses other origins, null, garbage and no header at all', () => {
      expect(isSameOrigin({ ...base, origin: 'http://evil.example' })).toBe(false);
      expect(isSameOrigin({ ...base, origin: 'http://localhost:3001' })).toBe(false);
      expect(isSameOrigin({ ...base, origin: 'https://localhost:3000' })).toBe(false);
      expect(isSameOrigin({ ...base, origin: 'null' })).toBe(false);
      expect(isSameOrigin({ ...base, referer: 'not a url' })).toBe(false);
      expect(isSameOrigin(base)).toBe(false);
      expect(isSameOrigin({ ...base, host: undefined, origin: 'http://localhost:3000' })).toBe(
        false,
      );
    });
    it('lets a present Origin win over the Referer', () => {
      expect(
        isSameOrigin({
          ...base,
          origin: 'http://evil.example',
          referer: 'http://localhost:3000/',
        }),
      ).toBe(false);
    });
  });
});
