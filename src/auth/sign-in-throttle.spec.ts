import { SignInThrottle } from './sign-in-throttle';

const policy = { maxFailures: 3, windowMs: 60_000, maxAddresses: 100 };
const at = (seconds: number) => new Date(Date.UTC(2025, 2, 3, 2, 0, 0) + seconds * 1000);

describe('SignInThrottle', () => {
  it('lets an address try until it has failed maxFailures times in the window', () => {
    const throttle = new SignInThrottle(policy);
    expect(throttle.retryAfterSeconds('1.2.3.4', at(0))).toBeNull();
    throttle.recordFailure('1.2.3.4', at(0));
    throttle.recordFailure('1.2.3.4', at(10));
    expect(throttle.retryAfterSeconds('1.2.3.4', at(11))).toBeNull();
    throttle.recordFailure('1.2.3.4', at(20));
    expect(throttle.retryAfterSeconds('1.2.3.4', at(21))).toBe(39);
  });

  it('frees the address when its oldest failure leaves the window', () => {
    const throttle = new SignInThrottle(policy);
    for (const s of [0, 10, 20]) {
      throttle.recordFailure('a', at(s));
    }
    expect(throttle.retryAfterSeconds('a', at(59.5))).toBe(1);
    expect(throttle.retryAfterSeconds('a', at(60))).toBeNull();
    throttle.recordFailure('a', at(61));
    expect(throttle.retryAfterSeconds('a', at(62))).toBe(8);
  });

  it('counts each address on its own', () => {
    const throttle = new SignInThrottle(policy);
    for (const s of [0, 1, 2]) {
      throttle.recordFailure('a', at(s));
    }
    expect(throttle.retryAfterSeconds('a', at(3))).not.toBeNull();
    expect(throttle.retryAfterSeconds('b', at(3))).toBeNull();
  });

  it('forgets quiet addresses and never holds more than maxAddresses', () => {
    const throttle = new SignInThrottle({ ...policy, maxAddresses: 5 });
    for (let i = 0; i < 20; i++) {
      throttle.recordFailure(`10.0.0.${i}`, at(i));
    }
    expect(throttle.size).toBe(5);
    expect(throttle.retryAfterSeconds('10.0.0.0', at(21))).toBeNull();
    expect(throttle.retryAfterSeconds('10.0.0.19', at(200))).toBeNull();
    expect(throttle.size).toBeLessThan(5);
  });

  it('never answers less than one second while blocked', () => {
    const throttle = new SignInThrottle(policy);
    for (let i = 0; i < 3; i++) {
      throttle.recordFailure('a', at(0));
    }
    expect(throttle.retryAfterSeconds('a', at(59.999))).toBe(1);
  });
});
