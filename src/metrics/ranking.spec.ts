import fc from 'fast-check';

import { computeMetrics } from './metric-formulas';
import type { LeaderMetrics } from './metric-formulas';
import { compareLeaders, rankLeaders } from './ranking';
import type { RankableLeader } from './ranking';

const empty = computeMetrics({
  window: { from: new Date(0), to: new Date(1), asOf: new Date(1) },
  cases: [],
  receivedCount: 0,
  coverage: { held: 0, reported: 0 },
});

type Shape = { score: number; onTime: [number, number]; cases: number; overdue: number };

function leader(leaderId: string, shape: Partial<Shape> = {}): RankableLeader {
  const { score = 0, onTime = [0, 0], cases = 0, overdue = 0 } = shape;
  const metrics: LeaderMetrics = {
    ...empty,
    score: { value: score / 10000, numerator: score, denominator: 10000 },
    onTimeResponseRate: {
      value: onTime[1] === 0 ? null : onTime[0] / onTime[1],
      numerator: onTime[0],
      denominator: onTime[1],
    },
    cases: { value: cases, numerator: cases, denominator: 1 },
    overdue: { value: overdue, numerator: overdue, denominator: 1 },
  };
  return { leaderId, name: `领导${leaderId}`, unit: '公安局', regionCode: '440100', metrics };
}

const ids = (rows: { leaderId: string }[]): string[] => rows.map((row) => row.leaderId);

describe('rankLeaders', () => {
  it('puts the best score first and numbers the ranks 1..n', () => {
    const ranked = rankLeaders([
      leader('a', { score: 4000 }),
      leader('b', { score: 9000 }),
      leader('c', { score: 6000 }),
    ]);
    expect(ids(ranked)).toEqual(['b', 'c', 'a']);
    expect(ranked.map((row) => row.rank)).toEqual([1, 2, 3]);
  });

  it('breaks a score tie on the exact on-time rate (2/3 below 6667/10000 though both show 0.6667)', () => {
    const ranked = rankLeaders([
      leader('a', { score: 5000, onTime: [2, 3] }),
      leader('b', { score: 5000, onTime: [6667, 10000] }),
    ]);
    expect(ids(ranked)).toEqual(['b', 'a']);
  });

  it('ranks a null on-time rate (no cases) below a rate of 0', () => {
    const ranked = rankLeaders([leader('a', { onTime: [0, 0] }), leader('b', { onTime: [0, 4] })]);
    expect(ids(ranked)).toEqual(['b', 'a']);
  });

  it('then more cases, then fewer overdue, then leaderId ascending', () => {
    const same = { score: 5000, onTime: [1, 2] as [number, number] };
    const ranked = rankLeaders([
      leader('z', { ...same, cases: 4, overdue: 1 }),
      leader('y', { ...same, cases: 10, overdue: 3 }),
      leader('x', { ...same, cases: 4, overdue: 0 }),
      leader('b', { ...same, cases: 4, overdue: 1 }),
      leader('B', { ...same, cases: 4, overdue: 1 }),
    ]);
    // 'B' (0x42) sorts before 'b' (0x62): code units, not locale
    expect(ids(ranked)).toEqual(['y', 'x', 'B', 'b', 'z']);
  });

  it('does not modify its input and keeps extra fields', () => {
    const rows = [
      { ...leader('a', { score: 1 }), extra: 1 },
      { ...leader('b', { score: 2 }), extra: 2 },
    ];
    const ranked = rankLeaders(rows);
    expect(ids(rows)).toEqual(['a', 'b']);
    expect(ranked[0]).toMatchObject({ leaderId: 'b', extra: 2, rank: 1 });
  });

  it('is a total order: any permutation of distinct leaders gives the same ranking', () => {
    const shape = fc.record({
      score: fc.integer({ min: 0, max: 3 }),
      onTime: fc
        .tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }))
        .map(([n, extra]) => [n, n + extra] as [number, number]),
      cases: fc.integer({ min: 0, max: 2 }),
      overdue: fc.integer({ min: 0, max: 2 }),
    });
    const entries = fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 3 }), shape), {
      selector: ([id]) => id,
      maxLength: 12,
    });
    const withPermutation = entries.chain((list) =>
      fc.tuple(
        fc.constant(list),
        fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
      ),
    );
    fc.assert(
      fc.property(withPermutation, ([list, permuted]) => {
        const rows = list.map(([id, s]) => leader(id, s));
        const shuffled = permuted.map(([id, s]) => leader(id, s));
        expect(ids(rankLeaders(shuffled))).toEqual(ids(rankLeaders(rows)));
        for (const a of rows) {
          for (const b of rows) {
            const ab = Math.sign(compareLeaders(a, b));
            const ba = Math.sign(compareLeaders(b, a));
            expect(ab + ba).toBe(0);
            expect(ab === 0).toBe(a === b);
          }
        }
      }),
    );
  });
});
