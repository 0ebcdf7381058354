import { coverageNotLower, type HeldComment, judgeReread } from './withdrawn-content';

const T0 = new Date('2025-03-03T02:00:00Z');
const T1 = new Date('2025-03-03T02:05:00Z');
const T2 = new Date('2025-03-03T02:10:00Z');

const held = (id: string, fields: Partial<HeldComment> = {}): HeldComment => ({
  id,
  rootId: id,
  rootCreatedAt: T0,
  missedAt: null,
  withdrawnAt: null,
  reappearedAt: null,
  ...fields,
});
const read = (
  ids: string[],
  reported = ids.length,
  complete = true,
  threadsSince: Date | null = null,
) => ({
  complete,
  seen: new Set(ids),
  reported,
  threadsSince,
});

describe('judgeReread', () => {
  it('gives a first miss to a comment missing from a complete re-read', () => {
    const verdict = judgeReread([held('a'), held('b')], read(['a']), { seen: 2, reported: 2 });
    expect(verdict).toMatchObject({ conclusive: true, firstMisses: ['b'], withdrawn: [] });
    expect(verdict.baseline).toEqual({ seen: 1, reported: 1 });
  });

  it('withdraws on the second consecutive miss, dated to the first', () => {
    const verdict = judgeReread([held('a'), held('b', { missedAt: T1 })], read(['a']), {
      seen: 1,
      reported: 1,
    });
    expect(verdict.withdrawn).toEqual([{ id: 'b', withdrawnAt: T1 }]);
    expect(verdict.firstMisses).toEqual([]);
  });

  it('concludes nothing from an incomplete re-read, and keeps the old baseline', () => {
    const verdict = judgeReread([held('a'), held('b', { missedAt: T1 })], read([], 2, false), null);
    expect(verdict).toEqual({
      conclusive: false,
      inconclusive: 'incomplete',
      baseline: null,
      firstMisses: [],
      withdrawn: [],
      cleared: [],
      reappeared: [],
    });
  });

  it('concludes nothing when coverage fell (a page missing while Weibo still counts it)', () => {
    const verdict = judgeReread([held('a'), held('b')], read(['a'], 2), { seen: 2, reported: 2 });
    expect(verdict).toMatchObject({
      conclusive: false,
      inconclusive: 'coverage_lower',
      firstMisses: [],
    });
    // It is still the baseline for the next read, so one flaky read does not block the rest.
    expect(verdict.baseline).toEqual({ seen: 1, reported: 2 });
  });

  it('clears a pending miss when the comment comes back', () => {
    const verdict = judgeReread([held('a', { missedAt: T1 })], read(['a']), {
      seen: 0,
      reported: 1,
    });
    expect(verdict).toMatchObject({ conclusive: true, cleared: ['a'], withdrawn: [] });
  });

  it('records a withdrawn comment found again once, and never withdraws it twice', () => {
    const gone = held('a', { missedAt: T0, withdrawnAt: T0 });
    expect(judgeReread([gone], read(['a']), null).reappeared).toEqual(['a']);
    expect(judgeReread([{ ...gone, reappearedAt: T2 }], read(['a']), null).reappeared).toEqual([]);
    expect(judgeReread([gone], read([]), null)).toMatchObject({
      withdrawn: [],
      firstMisses: [],
    });
  });

  it('judges only threads that the harvest read for an old pinned post', () => {
    const old = held('old', { rootCreatedAt: new Date('2025-01-01T00:00:00Z') });
    const reply = held('r', { rootId: 'old', rootCreatedAt: old.rootCreatedAt });
    const verdict = judgeReread([old, reply, held('new')], read([], 0, true, T0), null);
    expect(verdict.firstMisses).toEqual(['new']);
  });
});

describe('coverageNotLower', () => {
  it('compares capped fractions exactly', () => {
    expect(coverageNotLower({ seen: 9, reported: 10 }, { seen: 10, reported: 10 })).toBe(false);
    expect(coverageNotLower({ seen: 9, reported: 9 }, { seen: 10, reported: 10 })).toBe(true);
    expect(coverageNotLower({ seen: 12, reported: 10 }, { seen: 10, reported: 10 })).toBe(true);
    expect(coverageNotLower({ seen: 0, reported: 0 }, { seen: 3, reported: 4 })).toBe(true);
    expect(coverageNotLower({ seen: 1, reported: 3 }, null)).toBe(true);
    expect(coverageNotLower({ seen: 2, reported: 3 }, { seen: 4, reported: 6 })).toBe(true);
  });
});
