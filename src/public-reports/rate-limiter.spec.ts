import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('lets a burst of perMinute through, then refuses with the wait until the next token', () => {
    const limiter = new RateLimiter(3);
    expect([0, 0, 0].map((t) => limiter.take('a', t).allowed)).toEqual([true, true, true]);
    expect(limiter.take('a', 0)).toEqual({ allowed: false, retryAfterSeconds: 20 });
    expect(limiter.take('a', 15_000)).toEqual({ allowed: false, retryAfterSeconds: 5 });
    expect(limiter.take('a', 20_000)).toEqual({ allowed: true });
    expect(limiter.take('a', 20_000).allowed).toBe(false);
  });

  it('keeps one bucket per client', () => {
    const limiter = new RateLimiter(1);
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 0).allowed).toBe(false);
    expect(limiter.take('b', 0).allowed).toBe(true);
  });

  it('refills to the burst size and no further', () => {
    const limiter = new RateLimiter(2);
    limiter.take('a', 0);
    limiter.take('a', 0);
    const later = 3_600_000;
    expect([later, later, later].map((t) => limiter.take('a', t).allowed)).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('never answers a wait below one second', () => {
    const limiter = new RateLimiter(600);
    for (let i = 0; i < 600; i += 1) {
      limiter.take('a', 0);
    }
    expect(limiter.take('a', 0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('forgets the least recently seen client past its bound', () => {
    const limiter = new RateLimiter(1, 2);
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('a', 0); // refused, but seen: b is now the oldest
    limiter.take('c', 0);
    expect(limiter.clients).toBe(2);
    expect(limiter.take('a', 0).allowed).toBe(false);
    expect(limiter.take('b', 0).allowed).toBe(true);
  });

  it('refuses a nonsensical rate', () => {
    expect(() => new RateLimiter(0)).toThrow(RangeError);
  });
});
