import { RecentKeys, RecentMisses } from './recent-keys';

const principal = (keyId: string) => ({ keyId, role: 'admin' });

describe('RecentKeys', () => {
  it('gives a key back until its time is up, not after', () => {
    const keys = new RecentKeys(5_000, 10);
    keys.set('h1', principal('k1'), 1_000);
    expect(keys.get('h1', 1_000)).toEqual(principal('k1'));
    expect(keys.get('h1', 5_999)).toEqual(principal('k1'));
    expect(keys.get('h1', 6_000)).toBeUndefined();
    expect(keys.get('h1', 1_000)).toBeUndefined();
  });

  it('treats a clock moved back before the entry as expired', () => {
    const keys = new RecentKeys(5_000, 10);
    keys.set('h1', principal('k1'), 10_000);
    expect(keys.get('h1', 9_999)).toBeUndefined();
  });

  it('forgets every hash of a revoked key at once, and only those', () => {
    const keys = new RecentKeys(5_000, 10);
    keys.set('h1', principal('k1'), 0);
    keys.set('h2', principal('k2'), 0);
    keys.forgetKey('k1');
    expect(keys.get('h1', 1)).toBeUndefined();
    expect(keys.get('h2', 1)).toEqual(principal('k2'));
  });

  it('keeps at most its capacity, forgetting the oldest first', () => {
    const keys = new RecentKeys(5_000, 2);
    keys.set('h1', principal('k1'), 0);
    keys.set('h2', principal('k2'), 1);
    keys.set('h1', principal('k1'), 2); // renewed: now the newest
    keys.set('h3', principal('k3'), 3);
    expect(keys.get('h2', 4)).toBeUndefined();
    expect(keys.get('h1', 4)).toEqual(principal('k1'));
    expect(keys.get('h3', 4)).toEqual(principal('k3'));
  });
});

describe('RecentMisses', () => {
  it('remembers a wrong hash for ttl, forgets it at once when told, and keeps at most its capacity', () => {
    const misses = new RecentMisses(5_000, 2);
    misses.add('h1', 0);
    expect(misses.has('h1', 4_999)).toBe(true);
    expect(misses.has('h1', 5_000)).toBe(false);
    misses.add('h1', 10_000);
    misses.forget('h1');
    expect(misses.has('h1', 10_001)).toBe(false);
    misses.add('h1', 20_000);
    misses.add('h2', 20_001);
    misses.add('h3', 20_002);
    expect(misses.has('h1', 20_003)).toBe(false);
    expect(misses.has('h2', 20_003)).toBe(true);
    expect(misses.has('h3', 20_003)).toBe(true);
  });
});
