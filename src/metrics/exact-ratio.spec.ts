import { compareRatios, roundBigRatio, roundRatio } from './exact-ratio';

describe('roundRatio', () => {
  it('is null over a zero denominator', () => {
    expect(roundRatio(0, 0, 4)).toBeNull();
    expect(roundRatio(5, 0, 2)).toBeNull();
  });

  it('rounds half away from zero on the exact quotient', () => {
    expect(roundRatio(2, 3, 4)).toBe(0.6667);
    expect(roundRatio(1, 3, 4)).toBe(0.3333);
    expect(roundRatio(1, 32, 4)).toBe(0.0313);
    expect(roundRatio(1, 8, 2)).toBe(0.13);
    expect(roundRatio(-1, 8, 2)).toBe(-0.13);
    // 1.005 is not representable; a float multiply would give 1.00
    expect(roundRatio(201, 200, 2)).toBe(1.01);
    expect(roundRatio(9, 9, 4)).toBe(1);
  });

  it('refuses non-integers', () => {
    expect(() => roundRatio(0.5, 2, 4)).toThrow(RangeError);
    expect(() => roundRatio(1, 2, -1)).toThrow(RangeError);
  });
});

describe('roundBigRatio', () => {
  it('rounds ties away from zero, either sign', () => {
    expect(roundBigRatio(5n, 2n)).toBe(3n);
    expect(roundBigRatio(-5n, 2n)).toBe(-3n);
    expect(roundBigRatio(5n, -2n)).toBe(-3n);
    expect(roundBigRatio(7n, 3n)).toBe(2n);
    expect(() => roundBigRatio(1n, 0n)).toThrow(RangeError);
  });
});

describe('compareRatios', () => {
  it('compares exactly, even where 4-decimal values are equal', () => {
    expect(compareRatios(2, 3, 6667, 10000)).toBeLessThan(0);
    expect(compareRatios(2, 4, 1, 2)).toBe(0);
    expect(compareRatios(3, 4, 1, 2)).toBeGreaterThan(0);
  });

  it('puts a null ratio (denominator 0) below every real one', () => {
    expect(compareRatios(0, 0, 0, 5)).toBeLessThan(0);
    expect(compareRatios(0, 5, 0, 0)).toBeGreaterThan(0);
    expect(compareRatios(0, 0, 0, 0)).toBe(0);
  });
});
