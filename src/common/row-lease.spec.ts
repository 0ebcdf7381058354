import { canClaim, heartbeatEvery, isFencedOut, isLeaseFree, leaseExpiry } from './row-lease';

const AT = new Date('2025-03-10T04:00:00Z');
const later = (ms: number) => new Date(AT.getTime() + ms);

describe('row lease rules', () => {
  it('a lease nobody holds, or whose expiry has passed, is free; up to its expiry it is held', () => {
    expect(isLeaseFree({ owner: null, expiresAt: null }, AT)).toBe(true);
    expect(isLeaseFree({ owner: 'a', expiresAt: null }, AT)).toBe(true);
    expect(isLeaseFree({ owner: 'a', expiresAt: later(-1) }, AT)).toBe(true);
    expect(isLeaseFree({ owner: 'a', expiresAt: AT }, AT)).toBe(false);
    expect(isLeaseFree({ owner: 'a', expiresAt: later(1) }, AT)).toBe(false);
  });

  it('expires the lease length after it was taken or renewed', () => {
    expect(leaseExpiry(AT, 90_000)).toEqual(later(90_000));
    expect(() => leaseExpiry(AT, 0)).toThrow(RangeError);
    expect(() => leaseExpiry(AT, Number.NaN)).toThrow(RangeError);
  });

  it('a held lease is claimed back only by its own holder, and only where the caller allows it', () => {
    const held = { owner: 'a', expiresAt: later(60_000) };
    expect(canClaim(held, 'b', AT, { reclaimOwn: true })).toBe(false);
    expect(canClaim(held, 'a', AT, { reclaimOwn: false })).toBe(false);
    expect(canClaim(held, 'a', AT, { reclaimOwn: true })).toBe(true);
    expect(canClaim(held, 'b', later(60_001), { reclaimOwn: false })).toBe(true);
  });

  it('fences out every writer but the owner, even after the expiry', () => {
    expect(isFencedOut({ owner: 'a', expiresAt: later(-60_000) }, 'a')).toBe(false);
    expect(isFencedOut({ owner: 'b', expiresAt: later(60_000) }, 'a')).toBe(true);
    expect(isFencedOut({ owner: null, expiresAt: null }, 'a')).toBe(true);
  });

  it('renews four times per lease', () => {
    expect(heartbeatEvery(90_000)).toBe(22_500);
  });
});
