import {
  computeMetrics,
  coverageWarnings,
  DEFINITION_VERSION,
  MetricInputError,
} from './metric-formulas';
import type { MetricCase, MetricInputs } from './metric-formulas';

/** Beijing wall-clock time in March 2025 unless the month is given: '03-03 09:00'. */
const bj = (monthDayTime: string): Date =>
  new Date(`2025-${monthDayTime.replace(' ', 'T')}:00+08:00`);

const HOUR = 3_600_000;

function aCase(overrides: Partial<MetricCase> = {}): MetricCase {
  return {
    openedAt: bj('03-03 09:00'),
    acknowledgeDeadline: bj('03-04 09:00'),
    firstResponseAt: null,
    firstResponseBy: null,
    resolvedAt: null,
    closedAt: null,
    satisfactionScore: null,
    satisfactionAt: null,
    ...overrides,
  };
}

const march = { from: bj('03-01 00:00'), to: bj('04-01 00:00'), asOf: bj('03-20 12:00') };

function inputs(cases: MetricCase[], overrides: Partial<MetricInputs> = {}): MetricInputs {
  return {
    window: march,
    cases,
    receivedCount: 0,
    coverage: { held: 0, reported: 0 },
    ...overrides,
  };
}

describe('computeMetrics: hand-computed scenario (one leader, March 2025, asOf Thu 03-20 12:00 +08:00)', () => {
  // The SQL side counts `received` (37 citizen comments; the spam and the
  // leader's own replies under the same posts are not in it). Here it passes through.
  //
  //      opened       ack deadline  first response          resolved / closed      survey
  // C0   02-28 23:00  03-03 09:00   -                       -                      -        before the window: ignored
  // C1   03-03 09:00  03-04 09:00   leader 03-03 11:40      resolved 03-05 10:00   满意 100 (03-06)
  // C2   03-03 20:00  03-04 18:00   staff  03-04 10:20      resolved 03-07 16:00   较满意 75 (03-08)
  // C3   03-07 18:00  03-10 18:00   staff  03-11 09:00 LATE resolved 03-14 12:00   不满意 0 (03-15)
  // C4   03-10 08:00  03-11 08:00   leader 03-10 09:00      closed referred 03-10 10:00 一般 50 (03-11)
  //                                 ("已转相关部门": an acknowledgement, not a resolution)
  // C5   03-12 14:00  03-13 14:00   -                       open                   -        overdue
  // C6   03-14 10:00  03-17 10:00   -                       closed duplicate 03-14 11:00    overdue (no response, SPEC literally)
  // C7   03-17 09:00  03-18 09:00   leader 03-17 21:00      open (staff followed up later)  满意 on 03-21: after asOf
  // C8   03-19 09:00  03-20 18:00   staff 03-20 15:00: after asOf, so unresponded; deadline not yet passed
  // C9   03-20 06:00  03-20 08:00   staff  03-20 07:30      resolved 03-21 09:00: after asOf   (safety help, 2 h)
  // C10  03-25 10:00  in the window but after asOf: did not exist yet, ignored
  const cases: MetricCase[] = [
    aCase({ openedAt: bj('02-28 23:00'), acknowledgeDeadline: bj('03-03 09:00') }),
    aCase({
      openedAt: bj('03-03 09:00'),
      acknowledgeDeadline: bj('03-04 09:00'),
      firstResponseAt: bj('03-03 11:40'),
      firstResponseBy: 'leader',
      resolvedAt: bj('03-05 10:00'),
      closedAt: bj('03-05 10:00'),
      satisfactionScore: 100,
      satisfactionAt: bj('03-06 10:00'),
    }),
    aCase({
      openedAt: bj('03-03 20:00'),
      acknowledgeDeadline: bj('03-04 18:00'),
      firstResponseAt: bj('03-04 10:20'),
      firstResponseBy: 'staff',
      resolvedAt: bj('03-07 16:00'),
      closedAt: bj('03-07 16:00'),
      satisfactionScore: 75,
      satisfactionAt: bj('03-08 09:00'),
    }),
    aCase({
      openedAt: bj('03-07 18:00'),
      acknowledgeDeadline: bj('03-10 18:00'),
      firstResponseAt: bj('03-11 09:00'),
      firstResponseBy: 'staff',
      resolvedAt: bj('03-14 12:00'),
      closedAt: bj('03-14 12:00'),
      satisfactionScore: 0,
      satisfactionAt: bj('03-15 10:00'),
    }),
    aCase({
      openedAt: bj('03-10 08:00'),
      acknowledgeDeadline: bj('03-11 08:00'),
      firstResponseAt: bj('03-10 09:00'),
      firstResponseBy: 'leader',
      closedAt: bj('03-10 10:00'),
      satisfactionScore: 50,
      satisfactionAt: bj('03-11 15:00'),
    }),
    aCase({ openedAt: bj('03-12 14:00'), acknowledgeDeadline: bj('03-13 14:00') }),
    aCase({
      openedAt: bj('03-14 10:00'),
      acknowledgeDeadline: bj('03-17 10:00'),
      closedAt: bj('03-14 11:00'),
    }),
    aCase({
      openedAt: bj('03-17 09:00'),
      acknowledgeDeadline: bj('03-18 09:00'),
      firstResponseAt: bj('03-17 21:00'),
      firstResponseBy: 'leader',
      satisfactionScore: 100,
      satisfactionAt: bj('03-21 10:00'),
    }),
    aCase({
      openedAt: bj('03-19 09:00'),
      acknowledgeDeadline: bj('03-20 18:00'),
      firstResponseAt: bj('03-20 15:00'),
      firstResponseBy: 'staff',
    }),
    aCase({
      openedAt: bj('03-20 06:00'),
      acknowledgeDeadline: bj('03-20 08:00'),
      firstResponseAt: bj('03-20 07:30'),
      firstResponseBy: 'staff',
      resolvedAt: bj('03-21 09:00'),
      closedAt: bj('03-21 09:00'),
    }),
    aCase({ openedAt: bj('03-25 10:00'), acknowledgeDeadline: bj('03-26 10:00') }),
  ];
  const metrics = computeMetrics(
    inputs(cases, { receivedCount: 37, coverage: { held: 180, reported: 200 } }),
  );

  it('is definition v1', () => {
    expect(DEFINITION_VERSION).toBe('v1');
  });

  it('counts received comments and cases (C1–C9; C0 and C10 are outside)', () => {
    expect(metrics.received).toEqual({ value: 37, numerator: 37, denominator: 1 });
    expect(metrics.cases).toEqual({ value: 9, numerator: 9, denominator: 1 });
  });

  it('responseRate: C1 C2 C3 C4 C7 C9 responded by asOf (C8 only after) = 6/9', () => {
    expect(metrics.responseRate).toEqual({ value: 0.6667, numerator: 6, denominator: 9 });
  });

  it('onTimeResponseRate: C1 C2 C4 C7 C9 by their deadline; C3 late = 5/9', () => {
    expect(metrics.onTimeResponseRate).toEqual({ value: 0.5556, numerator: 5, denominator: 9 });
  });

  it('resolutionRate: C1 C2 C3; C4 referred, C6 duplicate, C9 after asOf = 3/9', () => {
    expect(metrics.resolutionRate).toEqual({ value: 0.3333, numerator: 3, denominator: 9 });
  });

  it('first-response hours: sorted 1 (C4), 1.5 (C9), 2.6667 (C1), 12 (C7), 14.3333 (C2), 87 (C3)', () => {
    // median: rank ceil(0.5 × 6) = 3 → 2 h 40 min = 2.67 h; p90: rank ceil(0.9 × 6) = 6 → 87 h
    expect(metrics.medianFirstResponseHours).toEqual({ value: 2.67, numerator: 3, denominator: 6 });
    expect(metrics.p90FirstResponseHours).toEqual({ value: 87, numerator: 6, denominator: 6 });
  });

  it('overdue: C5 and C6 (no response, deadline passed); C8 deadline 18:00 is after asOf', () => {
    expect(metrics.overdue).toEqual({ value: 2, numerator: 2, denominator: 1 });
  });

  it('backlog: C5 190 h, C7 75 h, C8 27 h, C9 6 h still open at asOf', () => {
    expect(metrics.backlog).toEqual({
      value: 4,
      numerator: 4,
      denominator: 1,
      buckets: { lt1d: 1, d1to3: 1, d3to7: 1, gt7d: 1 },
    });
  });

  it('satisfaction: (100 + 75 + 0 + 50) / 4 = 56.25; C7 survey is after asOf', () => {
    expect(metrics.satisfaction).toEqual({ value: 56.25, numerator: 225, denominator: 4 });
  });

  it('leaderReplyShare: C1 C4 C7 first answered by the leader = 3/6', () => {
    expect(metrics.leaderReplyShare).toEqual({ value: 0.5, numerator: 3, denominator: 6 });
  });

  it('coverage: 180 held of 200 reported, with a warning', () => {
    expect(metrics.coverage).toEqual({ value: 0.9, numerator: 180, denominator: 200 });
    expect(coverageWarnings({ held: 180, reported: 200 })).toEqual([
      'harvest incomplete: held 180 of 200 comments Weibo reported (90.0%)',
    ]);
  });

  it('score: 0.4·5/9 + 0.3·3/9 + 0.2·0.5625 + 0.1·(1 − 2/9) = 0.5125 exactly', () => {
    // × 10000: (4000·5 + 3000·3 + 1000·7) / 9 + 20·225 / 4 = 36000/9 + 1125 = 5125
    expect(metrics.score).toEqual({ value: 0.5125, numerator: 5125, denominator: 10000 });
  });

  it('does not depend on the order of the cases', () => {
    expect(
      computeMetrics(
        inputs([...cases].reverse(), { receivedCount: 37, coverage: { held: 180, reported: 200 } }),
      ),
    ).toEqual(metrics);
  });
});

describe('computeMetrics: edges', () => {
  it('no cases: counts 0, every ratio null over 0, score 0', () => {
    const m = computeMetrics(inputs([], { receivedCount: 5 }));
    expect(m.received).toEqual({ value: 5, numerator: 5, denominator: 1 });
    expect(m.cases).toEqual({ value: 0, numerator: 0, denominator: 1 });
    for (const figure of [
      m.responseRate,
      m.onTimeResponseRate,
      m.resolutionRate,
      m.medianFirstResponseHours,
      m.p90FirstResponseHours,
      m.satisfaction,
      m.leaderReplyShare,
      m.coverage,
    ]) {
      expect(figure).toEqual({ value: null, numerator: 0, denominator: 0 });
    }
    expect(m.overdue).toEqual({ value: 0, numerator: 0, denominator: 1 });
    expect(m.backlog).toEqual({
      value: 0,
      numerator: 0,
      denominator: 1,
      buckets: { lt1d: 0, d1to3: 0, d3to7: 0, gt7d: 0 },
    });
    expect(m.score).toEqual({ value: 0, numerator: 0, denominator: 10000 });
  });

  it('cases but no response and no survey: those ratios are null, the others 0', () => {
    const m = computeMetrics(inputs([aCase({ acknowledgeDeadline: bj('03-25 00:00') })]));
    expect(m.responseRate).toEqual({ value: 0, numerator: 0, denominator: 1 });
    expect(m.leaderReplyShare.value).toBeNull();
    expect(m.medianFirstResponseHours.value).toBeNull();
    expect(m.satisfaction.value).toBeNull();
    // not overdue yet: 0.1 · (1 − 0/1)
    expect(m.score).toEqual({ value: 0.1, numerator: 1000, denominator: 10000 });
  });

  it('a perfect record scores 1', () => {
    const perfect = aCase({
      firstResponseAt: bj('03-03 10:00'),
      firstResponseBy: 'leader',
      resolvedAt: bj('03-04 10:00'),
      closedAt: bj('03-04 10:00'),
      satisfactionScore: 100,
      satisfactionAt: bj('03-05 10:00'),
    });
    expect(computeMetrics(inputs([perfect, perfect])).score).toEqual({
      value: 1,
      numerator: 10000,
      denominator: 10000,
    });
  });

  it('window: from inclusive, to exclusive, and nothing opened after asOf', () => {
    const asOf = bj('03-10 00:00');
    const window = { from: bj('03-01 00:00'), to: bj('03-10 00:00'), asOf };
    const m = computeMetrics(
      inputs(
        [
          aCase({ openedAt: bj('03-01 00:00') }),
          aCase({ openedAt: new Date(bj('03-01 00:00').getTime() - 1) }),
          aCase({ openedAt: bj('03-10 00:00') }),
        ],
        { window },
      ),
    );
    expect(m.cases.value).toBe(1);
    const early = computeMetrics(
      inputs([aCase({ openedAt: bj('03-05 00:00') }), aCase({ openedAt: bj('03-05 00:01') })], {
        window: { ...window, asOf: bj('03-05 00:00') },
      }),
    );
    expect(early.cases.value).toBe(1);
  });

  it('events exactly at asOf have happened; one millisecond later they have not', () => {
    const asOf = march.asOf;
    const later = new Date(asOf.getTime() + 1);
    const at = (when: Date): MetricCase =>
      aCase({
        openedAt: bj('03-19 12:00'),
        acknowledgeDeadline: bj('03-25 00:00'),
        firstResponseAt: when,
        firstResponseBy: 'staff',
        resolvedAt: when,
        closedAt: when,
        satisfactionScore: 75,
        satisfactionAt: when,
      });
    const now = computeMetrics(inputs([at(asOf)]));
    expect([
      now.responseRate.numerator,
      now.resolutionRate.numerator,
      now.backlog.value,
      now.satisfaction.denominator,
    ]).toEqual([1, 1, 0, 1]);
    const notYet = computeMetrics(inputs([at(later)]));
    expect([
      notYet.responseRate.numerator,
      notYet.resolutionRate.numerator,
      notYet.backlog.value,
      notYet.satisfaction.denominator,
    ]).toEqual([0, 0, 1, 0]);
  });

  it('on time includes a response exactly at the deadline', () => {
    const deadline = bj('03-04 09:00');
    const m = computeMetrics(
      inputs([
        aCase({
          acknowledgeDeadline: deadline,
          firstResponseAt: deadline,
          firstResponseBy: 'staff',
        }),
        aCase({
          acknowledgeDeadline: deadline,
          firstResponseAt: new Date(deadline.getTime() + 1),
          firstResponseBy: 'staff',
        }),
      ]),
    );
    expect(m.onTimeResponseRate).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
  });

  it('overdue needs the deadline strictly before asOf; a late answer ends it', () => {
    const asOf = march.asOf;
    const m = computeMetrics(
      inputs([
        aCase({ openedAt: bj('03-19 00:00'), acknowledgeDeadline: asOf }),
        aCase({ openedAt: bj('03-19 00:00'), acknowledgeDeadline: new Date(asOf.getTime() - 1) }),
        aCase({
          openedAt: bj('03-10 00:00'),
          acknowledgeDeadline: bj('03-11 00:00'),
          firstResponseAt: bj('03-15 00:00'),
          firstResponseBy: 'leader',
        }),
      ]),
    );
    expect(m.overdue.value).toBe(1);
    expect(m.onTimeResponseRate.numerator).toBe(0);
    expect(m.responseRate.numerator).toBe(1);
  });

  it('backlog buckets: boundaries belong to the older bucket', () => {
    const asOf = march.asOf.getTime();
    const agedHours = (hours: number, extraMs = 0): MetricCase =>
      aCase({
        openedAt: new Date(asOf - hours * HOUR - extraMs),
        acknowledgeDeadline: bj('03-25 00:00'),
      });
    const m = computeMetrics(
      inputs([
        agedHours(0),
        agedHours(24, -1),
        agedHours(24),
        agedHours(72, -1),
        agedHours(72),
        agedHours(168, -1),
        agedHours(168),
      ]),
    );
    expect(m.backlog.buckets).toEqual({ lt1d: 2, d1to3: 2, d3to7: 2, gt7d: 1 });
  });

  it('a response stamped before the opening (clock skew) counts as 0 hours', () => {
    const m = computeMetrics(
      inputs([aCase({ firstResponseAt: bj('03-03 08:00'), firstResponseBy: 'staff' })]),
    );
    expect(m.medianFirstResponseHours).toEqual({ value: 0, numerator: 1, denominator: 1 });
  });

  it('rounds half up on exact fractions (1/32 → 0.0313) and hours to 2 decimals', () => {
    const responded = aCase({
      firstResponseAt: new Date(bj('03-03 09:00').getTime() + 18_000),
      firstResponseBy: 'staff',
    });
    const unanswered = aCase({ acknowledgeDeadline: bj('03-25 00:00') });
    const m = computeMetrics(inputs([responded, ...Array.from({ length: 31 }, () => unanswered)]));
    expect(m.responseRate).toEqual({ value: 0.0313, numerator: 1, denominator: 32 });
    // 18 s = 0.005 h → 0.01
    expect(m.medianFirstResponseHours.value).toBe(0.01);
  });

  it('coverage: held above reported reads as complete but keeps the raw counts', () => {
    const m = computeMetrics(inputs([], { coverage: { held: 210, reported: 200 } }));
    expect(m.coverage).toEqual({ value: 1, numerator: 210, denominator: 200 });
  });
});

describe('coverageWarnings', () => {
  it('is silent when complete, over-complete or nothing was reported', () => {
    expect(coverageWarnings({ held: 200, reported: 200 })).toEqual([]);
    expect(coverageWarnings({ held: 201, reported: 200 })).toEqual([]);
    expect(coverageWarnings({ held: 0, reported: 0 })).toEqual([]);
  });

  it('never rounds an incomplete harvest up to 100%', () => {
    expect(coverageWarnings({ held: 9999, reported: 10000 })).toEqual([
      'harvest incomplete: held 9999 of 10000 comments Weibo reported (99.9%)',
    ]);
    expect(coverageWarnings({ held: 0, reported: 3 })).toEqual([
      'harvest incomplete: held 0 of 3 comments Weibo reported (0.0%)',
    ]);
  });
});

describe('computeMetrics: input contract', () => {
  const bad: [string, MetricInputs][] = [
    [
      'a survey score outside 100/75/50/0',
      inputs([aCase({ satisfactionScore: 60, satisfactionAt: bj('03-05 00:00') })]),
    ],
    ['a score without its time', inputs([aCase({ satisfactionScore: 100 })])],
    ['a response without its author', inputs([aCase({ firstResponseAt: bj('03-03 10:00') })])],
    ['an author without a response', inputs([aCase({ firstResponseBy: 'leader' })])],
    ['an invalid date', inputs([aCase({ openedAt: new Date('not a date') })])],
    [
      'from after to',
      inputs([], {
        window: { from: bj('03-02 00:00'), to: bj('03-01 00:00'), asOf: bj('03-03 00:00') },
      }),
    ],
    ['a negative count', inputs([], { receivedCount: -1 })],
    ['a fractional coverage count', inputs([], { coverage: { held: 1.5, reported: 2 } })],
  ];
  it.each(bad)('refuses %s', (_label, input) => {
    expect(() => computeMetrics(input)).toThrow(MetricInputError);
  });
});
