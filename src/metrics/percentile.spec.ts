import { nearestRank, nearestRankPosition } from './percentile';

describe('nearestRank', () => {
  it('is null for no values', () => {
    expect(nearestRank([], 50)).toBeNull();
    expect(nearestRankPosition(0, 90)).toBeNull();
  });

  it('n = 1: every percentile is the single value', () => {
    for (const p of [0, 1, 50, 90, 100]) {
      expect(nearestRank([7.5], p)).toBe(7.5);
    }
  });

  it('n = 2: median is the lower value (rank ceil(1) = 1), p90 the upper (rank ceil(1.8) = 2)', () => {
    expect(nearestRank([3, 10], 50)).toBe(3);
    expect(nearestRank([3, 10], 51)).toBe(10);
    expect(nearestRank([3, 10], 90)).toBe(10);
  });

  it('n = 10: rank = ceil(p/10)', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRank(values, 50)).toBe(5);
    expect(nearestRank(values, 90)).toBe(9);
    expect(nearestRank(values, 91)).toBe(10);
    expect(nearestRank(values, 100)).toBe(10);
    expect(nearestRank(values, 10)).toBe(1);
    expect(nearestRank(values, 11)).toBe(2);
    expect(nearestRank(values, 0)).toBe(1);
  });

  it('is not fooled by binary fractions (0.7 × 10 = 7.000000000000001)', () => {
    expect(nearestRankPosition(10, 70)).toBe(7);
    expect(nearestRankPosition(1000, 99.9)).toBe(999);
    expect(nearestRankPosition(100, 29)).toBe(29);
  });

  it('refuses p outside [0, 100] and bad n', () => {
    expect(() => nearestRank([1], -1)).toThrow(RangeError);
    expect(() => nearestRank([1], 101)).toThrow(RangeError);
    expect(() => nearestRank([1], Number.NaN)).toThrow(RangeError);
    expect(() => nearestRankPosition(-1, 50)).toThrow(RangeError);
    expect(() => nearestRankPosition(1.5, 50)).toThrow(RangeError);
  });
});
