import fc from 'fast-check';
import { parseCount } from './weibo-count';

describe('parseCount', () => {
  it.each<[unknown, number]>([
    [12, 12],
    ['12', 12],
    ['100+', 100],
    ['1万+', 10000],
    ['3.2万', 32000],
    ['1.5亿', 150000000],
    ['1,234', 1234],
    [' 7 ', 7],
    [undefined, 0],
    [null, 0],
    ['', 0],
    ['很多', 0],
    [-3, 0],
    [Number.NaN, 0],
  ])('parseCount(%j) = %d', (input, expected) => {
    expect(parseCount(input)).toBe(expected);
  });

  it('reads any integer string exactly', () => {
    fc.assert(
      fc.property(fc.nat(), (n) => {
        expect(parseCount(String(n))).toBe(n);
        expect(parseCount(`${n}+`)).toBe(n);
      }),
    );
  });
});
