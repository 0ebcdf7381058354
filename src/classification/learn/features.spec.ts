import { contentTokens, featureValues, isContentToken, lengthScale } from './features';

const options = { skip: new Set(['的']), leadTokens: 2, leadWeight: 0.5, referenceLength: 4 };

describe('learned features', () => {
  it('content tokens hold a letter, digit or Chinese character and are not skipped', () => {
    expect(isContentToken('，')).toBe(false);
    expect(isContentToken(' ')).toBe(false);
    expect(isContentToken('12345')).toBe(true);
    expect(contentTokens(['小区', '的', '，', '物业', ' '], options.skip)).toEqual([
      '小区',
      '物业',
    ]);
  });

  it('gives tokens and neighbouring pairs, the opening counting more, repeats 1/√k', () => {
    const values = featureValues(['小区', '的', '物业', '，', '物业'], options);
    expect(values.get('小区')).toBeCloseTo(1.5);
    expect(values.get('小区 物业')).toBeCloseTo(1.5); // 的 is skipped: the two are neighbours
    expect(values.get('物业')).toBeCloseTo(1.5 + 1 / Math.SQRT2);
    expect(values.get('物业 物业')).toBeCloseTo(1);
    expect(values.has('的')).toBe(false);
  });

  it('scales long texts down by √(length / reference)', () => {
    expect(lengthScale(4, 4)).toBe(1);
    expect(lengthScale(16, 4)).toBe(2);
    const long = featureValues(
      Array.from({ length: 16 }, (_, i) => `词${i}`),
      options,
    );
    expect(long.get('词15')).toBeCloseTo(0.5);
  });
});
