import { DomainError } from '../common/domain-error';
import type { SnapshotCorrection } from '../metrics/snapshot-format';
import {
  affectedLeaders,
  appealDeadline,
  caseOwnership,
  checkAppealedCases,
  checkFiledInTime,
  correctedCaseIds,
  planCorrections,
} from './appeal-rules';

const window = {
  from: new Date('2025-03-01T00:00:00Z'),
  to: new Date('2025-04-01T00:00:00Z'),
  asOf: new Date('2025-03-20T00:00:00Z'),
};
const inside = new Date('2025-03-10T00:00:00Z');

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? `${error.kind}:${error.code}:${error.message}` : 'other';
  }
  return 'none';
}

describe('appeal period', () => {
  it('runs appealDays × 24 h from the first version, the deadline instant included', () => {
    const created = new Date('2025-04-01T04:00:00Z');
    const deadline = appealDeadline(created, 10);
    expect(deadline.toISOString()).toBe('2025-04-11T04:00:00.000Z');
    expect(() => checkFiledInTime('s', deadline, deadline)).not.toThrow();
    expect(codeOf(() => checkFiledInTime('s', new Date(deadline.getTime() + 1), deadline))).toBe(
      'conflict:APPEAL_DEADLINE_PASSED:appeals against snapshot s closed at 2025-04-11T04:00:00.000Z',
    );
  });
});

describe('checkAppealedCases', () => {
  const own = { id: 'c1', leaderId: 'A', openedAt: inside };
  const request = { leaderId: 'A', caseIds: ['c1'] };

  it('accepts the leader’s own case inside the window', () => {
    expect(() => checkAppealedCases(request, [own], window, new Set())).not.toThrow();
  });

  it.each([
    ['unknown', [], 'unknown cases: c1'],
    ['another leader’s', [{ ...own, leaderId: 'B' }], 'another leader than A: c1'],
    ['before the window', [{ ...own, openedAt: new Date('2025-02-28T23:59:59Z') }], 'outside'],
    ['at the window’s end', [{ ...own, openedAt: window.to }], 'outside'],
    ['after asOf', [{ ...own, openedAt: new Date('2025-03-21T00:00:00Z') }], 'outside'],
  ])('refuses a case that is %s (400 naming caseIds)', (_label, found, message) => {
    const result = codeOf(() => checkAppealedCases(request, found, window, new Set()));
    expect(result).toMatch(/^invalid:INVALID_INPUT:caseIds /);
    expect(result).toContain(message);
  });

  it('refuses a case already corrected along the chain (409)', () => {
    expect(codeOf(() => checkAppealedCases(request, [own], window, new Set(['c1'])))).toMatch(
      /^conflict:CASES_ALREADY_CORRECTED/,
    );
  });
});

describe('planCorrections', () => {
  const appeal = { leaderId: 'A', caseIds: ['c1', 'c2'] };

  it('turns corrections into changes with the old and the new owner', () => {
    expect(
      planCorrections(appeal, 'accepted', [
        { caseId: 'c1', action: 'exclude' },
        { caseId: 'c2', action: 'reassign', toLeaderId: 'B' },
      ]),
    ).toEqual([
      { caseId: 'c1', action: 'exclude', fromLeaderId: 'A', toLeaderId: null },
      { caseId: 'c2', action: 'reassign', fromLeaderId: 'A', toLeaderId: 'B' },
    ]);
    expect(planCorrections(appeal, 'rejected', [])).toEqual([]);
  });

  it.each([
    [
      'a case not appealed',
      'accepted',
      [{ caseId: 'c3', action: 'exclude' }],
      'corrections[0].caseId',
    ],
    [
      'a case twice',
      'accepted',
      [
        { caseId: 'c1', action: 'exclude' },
        { caseId: 'c1', action: 'exclude' },
      ],
      'corrections[1].caseId',
    ],
    ['reassign without a leader', 'accepted', [{ caseId: 'c1', action: 'reassign' }], 'toLeaderId'],
    [
      'reassign to the appellant',
      'accepted',
      [{ caseId: 'c1', action: 'reassign', toLeaderId: 'A' }],
      'toLeaderId',
    ],
    [
      'exclude naming a leader',
      'accepted',
      [{ caseId: 'c1', action: 'exclude', toLeaderId: 'B' }],
      'toLeaderId',
    ],
    ['an acceptance that changes nothing', 'accepted', [], 'corrections'],
    [
      'a rejection that changes something',
      'rejected',
      [{ caseId: 'c1', action: 'exclude' }],
      'corrections',
    ],
  ] as const)('refuses %s', (_label, decision, corrections, field) => {
    const result = codeOf(() => planCorrections(appeal, decision, corrections));
    expect(result).toMatch(/^invalid:INVALID_INPUT:/);
    expect(result).toContain(field);
  });
});

describe('chain helpers', () => {
  const corrections: SnapshotCorrection[] = [
    {
      appealId: 'p1',
      reason: 'r',
      decidedAt: '2025-04-02T00:00:00.000Z',
      changes: [{ caseId: 'c1', action: 'exclude', fromLeaderId: 'A', toLeaderId: null }],
    },
    {
      appealId: 'p2',
      reason: 'r',
      decidedAt: '2025-04-03T00:00:00.000Z',
      changes: [{ caseId: 'c2', action: 'reassign', fromLeaderId: 'C', toLeaderId: 'B' }],
    },
  ];

  it('collects corrected cases and their owners across every accepted appeal', () => {
    expect([...correctedCaseIds(corrections)]).toEqual(['c1', 'c2']);
    expect(caseOwnership(corrections)).toEqual([
      { caseId: 'c1', toLeaderId: null },
      { caseId: 'c2', toLeaderId: 'B' },
    ]);
  });

  it('names the leaders whose figures move', () => {
    expect(affectedLeaders(corrections.flatMap((c) => c.changes))).toEqual(['A', 'B', 'C']);
  });
});
