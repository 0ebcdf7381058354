import { InvalidTransition } from './case-errors';
import {
  applyFollowUp,
  CASE_STATUSES,
  type CaseLifecycle,
  type CaseStatus,
  FOLLOW_UP_TYPES,
  type FollowUpType,
  OPEN_CASE,
} from './case-state-machine';

const t0 = new Date('2025-03-03T02:00:00Z');
const t1 = new Date('2025-03-03T04:00:00Z');
const t2 = new Date('2025-03-03T06:00:00Z');

/** A case in each status, as the machine itself would have left it. */
const inStatus: Record<CaseStatus, CaseLifecycle> = {
  open: OPEN_CASE,
  responded: { ...OPEN_CASE, status: 'responded', firstResponseAt: t0, firstResponseBy: 'leader' },
  resolved: {
    ...OPEN_CASE,
    status: 'resolved',
    outcome: 'resolved',
    firstResponseAt: t0,
    firstResponseBy: 'staff',
    resolvedAt: t0,
    closedAt: t0,
  },
  closed: {
    ...OPEN_CASE,
    status: 'closed',
    outcome: 'referred',
    firstResponseAt: t0,
    firstResponseBy: 'staff',
    closedAt: t0,
  },
};

// Expected status after each staff follow-up, or 'refused'.
const TABLE: Record<CaseStatus, Record<FollowUpType, CaseStatus | 'refused'>> = {
  open: {
    note: 'open',
    responded: 'responded',
    resolved: 'resolved',
    referred: 'closed',
    not_actionable: 'closed',
    duplicate: 'closed',
  },
  responded: {
    note: 'responded',
    responded: 'responded',
    resolved: 'resolved',
    referred: 'closed',
    not_actionable: 'closed',
    duplicate: 'closed',
  },
  resolved: {
    note: 'resolved',
    responded: 'refused',
    resolved: 'refused',
    referred: 'refused',
    not_actionable: 'refused',
    duplicate: 'refused',
  },
  closed: {
    note: 'closed',
    responded: 'refused',
    resolved: 'refused',
    referred: 'refused',
    not_actionable: 'refused',
    duplicate: 'refused',
  },
};

describe('applyFollowUp: every status × every follow-up (staff)', () => {
  const pairs = CASE_STATUSES.flatMap((status) =>
    FOLLOW_UP_TYPES.map((type) => [status, type, TABLE[status][type]] as const),
  );

  it('covers every pair', () => {
    expect(pairs).toHaveLength(24);
  });

  it.each(pairs)('%s + %s → %s', (status, type, expected) => {
    const apply = (): ReturnType<typeof applyFollowUp> =>
      applyFollowUp(inStatus[status], { type, at: t1, by: 'staff' });
    if (expected === 'refused') {
      expect(apply).toThrow(InvalidTransition);
      expect(apply).toThrow(`cannot go from ${status} to ${type}`);
      return;
    }
    const result = apply();
    expect(result.state.status).toBe(expected);
    expect(result.statusChanged).toBe(expected !== status);
  });
});

describe('applyFollowUp: details', () => {
  it('InvalidTransition carries a code and both states', () => {
    try {
      applyFollowUp(inStatus.resolved, { type: 'responded', at: t1, by: 'staff' });
      throw new Error('not thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidTransition);
      expect(error).toMatchObject({
        code: 'INVALID_TRANSITION',
        from: 'resolved',
        to: 'responded',
        message: 'cannot go from resolved to responded',
      });
    }
  });

  it('a first response sets firstResponseAt and By, and reports before/after for the audit', () => {
    const result = applyFollowUp(OPEN_CASE, { type: 'responded', at: t1, by: 'leader' });
    expect(result.changes).toEqual({
      status: 'responded',
      firstResponseAt: t1,
      firstResponseBy: 'leader',
    });
    expect(result.before).toEqual({ status: 'open', firstResponseAt: null, firstResponseBy: null });
    expect(result.countsAsResponse).toBe(true);
  });

  it('a second response is only recorded: firstResponseAt stays', () => {
    const result = applyFollowUp(inStatus.responded, { type: 'responded', at: t2, by: 'staff' });
    expect(result.state).toEqual(inStatus.responded);
    expect(result.changes).toEqual({});
    expect(result.statusChanged).toBe(false);
  });

  it('an earlier leader reply found late moves firstResponseAt back', () => {
    const staffFirst = {
      ...inStatus.responded,
      firstResponseAt: t2,
      firstResponseBy: 'staff' as const,
    };
    const result = applyFollowUp(staffFirst, { type: 'responded', at: t1, by: 'leader' });
    expect(result.changes).toEqual({ firstResponseAt: t1, firstResponseBy: 'leader' });
  });

  it('a leader reply observed on a closed or resolved case is recorded, never refused', () => {
    for (const status of ['resolved', 'closed'] as const) {
      const later = applyFollowUp(inStatus[status], { type: 'responded', at: t2, by: 'leader' });
      expect(later.changes).toEqual({});
      const earlier = applyFollowUp(
        { ...inStatus[status], firstResponseAt: t2 },
        { type: 'responded', at: t1, by: 'leader' },
      );
      expect(earlier.changes).toEqual({ firstResponseAt: t1, firstResponseBy: 'leader' });
      expect(earlier.state.status).toBe(status);
    }
  });

  it('resolving an open case is also its first response', () => {
    const result = applyFollowUp(OPEN_CASE, { type: 'resolved', at: t1, by: 'staff' });
    expect(result.state).toEqual({
      status: 'resolved',
      outcome: 'resolved',
      firstResponseAt: t1,
      firstResponseBy: 'staff',
      resolvedAt: t1,
      closedAt: t1,
    });
  });

  it('resolving a responded case keeps its first response', () => {
    const result = applyFollowUp(inStatus.responded, { type: 'resolved', at: t2, by: 'staff' });
    expect(result.changes).toEqual({
      status: 'resolved',
      outcome: 'resolved',
      resolvedAt: t2,
      closedAt: t2,
    });
  });

  it('referring is a response; not_actionable and duplicate close without one', () => {
    expect(applyFollowUp(OPEN_CASE, { type: 'referred', at: t1, by: 'staff' }).state).toMatchObject(
      {
        status: 'closed',
        outcome: 'referred',
        firstResponseAt: t1,
        closedAt: t1,
        resolvedAt: null,
      },
    );
    for (const type of ['not_actionable', 'duplicate'] as const) {
      const result = applyFollowUp(OPEN_CASE, { type, at: t1, by: 'staff' });
      expect(result.state).toMatchObject({
        status: 'closed',
        outcome: type,
        firstResponseAt: null,
        firstResponseBy: null,
        closedAt: t1,
      });
      expect(result.countsAsResponse).toBe(false);
    }
  });

  it('a note changes nothing in any status', () => {
    for (const status of CASE_STATUSES) {
      const result = applyFollowUp(inStatus[status], { type: 'note', at: t2, by: 'staff' });
      expect(result.changes).toEqual({});
      expect(result.countsAsResponse).toBe(false);
    }
  });

  it('does not mutate its input', () => {
    const before = structuredClone(inStatus.open);
    applyFollowUp(inStatus.open, { type: 'resolved', at: t1, by: 'staff' });
    expect(inStatus.open).toEqual(before);
  });

  it('refuses an invalid time', () => {
    expect(() =>
      applyFollowUp(OPEN_CASE, { type: 'note', at: new Date('x'), by: 'staff' }),
    ).toThrow(RangeError);
  });
});
