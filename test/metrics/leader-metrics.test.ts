import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';
import { type SeedCase, type SeedComment, seedLeaderData } from './metrics-seed';

/**
 * One leader's week, seeded as ingestion and the case workflow would leave
 * it, and every SPEC section 5 figure computed by hand below. Hours are
 * counted from T0 = Mon 2025-03-03 00:00 +08:00.
 * Window [T0, T0+168h) = [03-03, 03-10); asOf = T0+228h = Wed 03-12 12:00 +08:00.
 */
const T0 = Date.parse('2025-03-03T00:00:00+08:00');
const h = (hours: number): Date => new Date(T0 + hours * 3_600_000);
const WINDOW = {
  from: '2025-03-03T00:00:00+08:00',
  to: '2025-03-10T00:00:00+08:00',
  asOf: '2025-03-12T12:00:00+08:00',
};

type Spec = Omit<SeedCase, 'commentId'> & { name: string };
const spec = (
  name: string,
  opened: number,
  ack: number,
  response: [number, 'leader' | 'staff'] | null,
  closing: [number, 'resolved' | 'referred' | 'duplicate'] | null,
  surveys: [number, '满意' | '较满意' | '一般' | '不满意'][] = [],
): Spec => ({
  name,
  openedAt: h(opened),
  acknowledgeDeadline: h(ack),
  firstResponseAt: response ? h(response[0]) : null,
  firstResponseBy: response ? response[1] : null,
  closing: closing ? { at: h(closing[0]), outcome: closing[1] } : null,
  surveys: surveys.map(([at, level]) => ({ level, recordedAt: h(at) })),
});

// name, opened, acknowledge deadline, first response, closing, surveys
const CASES: Spec[] = [
  // leader replies after 3h, on time; resolved; 满意 then a 一般 recorded after asOf (ignored)
  spec(
    'A',
    2,
    26,
    [5, 'leader'],
    [30, 'resolved'],
    [
      [40, '满意'],
      [300, '一般'],
    ],
  ),
  // staff follow-up after 30h: late; still open at asOf, age 218h
  spec('B', 10, 34, [40, 'staff'], null),
  // never answered: overdue; open, age 208h
  spec('C', 20, 44, null, null),
  // leader replies exactly at the deadline (on time: inclusive); referred; 不满意 then 较满意
  spec(
    'D',
    100,
    124,
    [124, 'leader'],
    [130, 'referred'],
    [
      [140, '不满意'],
      [150, '较满意'],
    ],
  ),
  // leader replies only after asOf: overdue as of asOf; open, age 108h
  spec('J', 120, 144, [230, 'leader'], null),
  // closed as a duplicate without any response: still overdue (SPEC: no response, deadline passed)
  spec('E', 140, 164, null, [150, 'duplicate']),
  // staff after 1h; responded, open, age exactly 72h: bucket d3to7
  spec('K', 156, 180, [157, 'staff'], null),
  // deadline after asOf: not overdue; open, age 68h
  spec('F', 160, 240, null, null),
  // 求助 about safety, 2h deadline: staff after 1h; resolved; 一般
  spec('G', 165, 167, [166, 'staff'], [200, 'resolved'], [[210, '一般']]),
  // outside the window: opened at `to` (exclusive) and before `from`
  spec('H', 168, 192, [169, 'leader'], [170, 'resolved'], [[171, '满意']]),
  spec('I', -1, 23, null, null),
];

describe('GET /api/v1/metrics/leaders/:id', () => {
  let t: TestApp;
  let leaderId: string;
  let otherLeaderId: string;
  let evaluator: string;

  beforeAll(async () => {
    t = await startTestApp({ clock: new TestClock(new Date('2025-04-01T04:00:00Z')) });
    leaderId = (await createLeader(t, { name: '王建国' })).id;
    otherLeaderId = (await createLeader(t, { name: '李四' })).id;
    evaluator = (await issueKey(t, 'evaluator')).key;

    const cases: SeedCase[] = CASES.map(({ name, ...c }) => ({ ...c, commentId: `m-${name}` }));
    const citizen = (id: string, at: number, kind: SeedComment['kind']): SeedComment => ({
      id,
      postId: 'post-1',
      createdAt: h(at),
      byLeader: false,
      kind,
    });
    const comments: SeedComment[] = [
      ...cases.map((c) => ({ ...citizen(c.commentId, 0, 'complaint'), createdAt: c.openedAt })),
      citizen('praise', 50, 'praise'),
      citizen('not-yet-classified', 60, null),
      citizen('spam-1', 70, 'spam'),
      citizen('spam-2', 80, 'spam'),
      citizen('thanks-reply', 31, 'other'),
      { id: 'leader-reply-A', postId: 'post-1', createdAt: h(5), byLeader: true, kind: null },
      { id: 'leader-reply-D', postId: 'post-1', createdAt: h(124), byLeader: true, kind: null },
    ];
    await seedLeaderData(t.db, leaderId, {
      posts: [
        { id: 'post-1', createdAt: h(1), held: 10, reported: 10 },
        { id: 'post-2', createdAt: h(50), held: 5, reported: 8 },
        { id: 'post-3', createdAt: h(100), held: 5, reported: 3 },
        { id: 'post-old', createdAt: h(-24), held: 0, reported: 100 },
      ],
      comments,
      cases,
    });
    // Another leader's busy week must not leak into these figures.
    await seedLeaderData(t.db, otherLeaderId, {
      posts: [{ id: 'other-post', createdAt: h(1), held: 1, reported: 50 }],
      comments: [
        { id: 'other-1', postId: 'other-post', createdAt: h(3), byLeader: false, kind: 'help' },
      ],
      cases: [
        {
          commentId: 'other-1',
          openedAt: h(3),
          acknowledgeDeadline: h(4),
          firstResponseAt: null,
          firstResponseBy: null,
          closing: null,
          surveys: [],
        },
      ],
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('computes every figure of the hand-worked week exactly', async () => {
    const response = await t.http
      .get(`/api/v1/metrics/leaders/${leaderId}`)
      .query(WINDOW)
      .set(t.as(evaluator))
      .expect(200);
    const body = response.body;
    expect(body.leaderId).toBe(leaderId);
    expect(body.definitionVersion).toBe('v1');
    expect(body.window).toEqual({
      from: '2025-03-02T16:00:00.000Z',
      to: '2025-03-09T16:00:00.000Z',
      asOf: '2025-03-12T04:00:00.000Z',
    });
    // Counted cases: A B C D J E K F G = 9 (H opened at `to`, I before `from`).
    // received: the 9 case messages + praise + not-yet-classified + thanks-reply = 12;
    // the 2 spam, the 2 leader replies and H's / I's messages (outside the window) do not count.
    expect(body.metrics.received).toEqual({ value: 12, numerator: 12, denominator: 1 });
    expect(body.metrics.cases).toEqual({ value: 9, numerator: 9, denominator: 1 });
    // responded by asOf: A B D K G = 5 (J's reply comes after asOf) → 5/9 = 0.5555… → 0.5556
    expect(body.metrics.responseRate).toEqual({ value: 0.5556, numerator: 5, denominator: 9 });
    // on time: A (5 ≤ 26), D (124 ≤ 124), K (157 ≤ 180), G (166 ≤ 167) = 4; B late → 0.4444
    expect(body.metrics.onTimeResponseRate).toEqual({
      value: 0.4444,
      numerator: 4,
      denominator: 9,
    });
    // resolved by asOf: A, G = 2 (D referred, E duplicate) → 2/9 = 0.2222
    expect(body.metrics.resolutionRate).toEqual({ value: 0.2222, numerator: 2, denominator: 9 });
    // first-response hours: A 3, B 30, D 24, K 1, G 1 → [1, 1, 3, 24, 30]
    // median: rank ⌈0.5·5⌉ = 3 → 3 h; p90: rank ⌈0.9·5⌉ = 5 → 30 h
    expect(body.metrics.medianFirstResponseHours).toEqual({
      value: 3,
      numerator: 3,
      denominator: 5,
    });
    expect(body.metrics.p90FirstResponseHours).toEqual({ value: 30, numerator: 5, denominator: 5 });
    // overdue: C (44 < 228), J (144, reply after asOf), E (164, closed unanswered) = 3;
    // F's deadline (240) is after asOf
    expect(body.metrics.overdue).toEqual({ value: 3, numerator: 3, denominator: 1 });
    // backlog at asOf (228h): B 218h gt7d, C 208h gt7d, J 108h d3to7, K 72h d3to7, F 68h d1to3
    expect(body.metrics.backlog).toEqual({
      value: 5,
      numerator: 5,
      denominator: 1,
      buckets: { lt1d: 0, d1to3: 1, d3to7: 2, gt7d: 2 },
    });
    // latest survey at or before asOf: A 满意 100, D 较满意 75 (after 不满意), G 一般 50
    // → 225 / 3 = 75
    expect(body.metrics.satisfaction).toEqual({ value: 75, numerator: 225, denominator: 3 });
    // leader's own account first: A, D of 5 responded → 0.4
    expect(body.metrics.leaderReplyShare).toEqual({ value: 0.4, numerator: 2, denominator: 5 });
    // posts in the window: 10/10, 5/8, 5/3 (capped at 3) → 18 / 21 = 0.857142… → 0.8571
    expect(body.metrics.coverage).toEqual({ value: 0.8571, numerator: 18, denominator: 21 });
    // score·10⁴ = (4000·4 + 3000·2 + 1000·(9 − 3)) / 9 + 20·225 / 3
    //           = 28000 / 9 + 1500 = 4611.11… → 4611
    expect(body.metrics.score).toEqual({ value: 0.4611, numerator: 4611, denominator: 10000 });
    expect(body.warnings).toEqual([
      'harvest incomplete: held 18 of 21 comments Weibo reported (85.7%)',
    ]);
    // Nothing about the citizens who wrote.
    const text = JSON.stringify(body);
    expect(text).not.toContain('市民');
    expect(text).not.toContain('5550001');
  });

  it('counts as of asOf: before D was answered, D is open and nothing after asOf exists', async () => {
    // asOf = T0+110h: cases A B C D (opened ≤ 110) count; D's reply (124) has not happened.
    const response = await t.http
      .get(`/api/v1/metrics/leaders/${leaderId}`)
      .query({ ...WINDOW, asOf: h(110).toISOString() })
      .set(t.as(evaluator))
      .expect(200);
    const m = response.body.metrics;
    expect(m.cases.numerator).toBe(4);
    // responded: A (5), B (40) → 2/4; overdue: C (44 < 110); D's deadline 124 is ahead
    expect(m.responseRate).toEqual({ value: 0.5, numerator: 2, denominator: 4 });
    expect(m.overdue.numerator).toBe(1);
    // backlog at 110h: B 100h d3to7, C 90h d3to7, D 10h lt1d (A closed at 30)
    expect(m.backlog.buckets).toEqual({ lt1d: 1, d1to3: 0, d3to7: 2, gt7d: 0 });
    // only A's 满意 (40) was recorded by then
    expect(m.satisfaction).toEqual({ value: 100, numerator: 100, denominator: 1 });
    expect(response.body.warnings).toContain(
      'window ends after asOf: cases and comments after 2025-03-07T06:00:00.000Z are not counted',
    );
  });

  it('defaults to the 30 days before now (the service clock)', async () => {
    const response = await t.http
      .get(`/api/v1/metrics/leaders/${leaderId}`)
      .set(t.as(evaluator))
      .expect(200);
    expect(response.body.window).toEqual({
      from: '2025-03-02T04:00:00.000Z',
      to: '2025-04-01T04:00:00.000Z',
      asOf: '2025-04-01T04:00:00.000Z',
    });
    // I (opened 03-02 23:00 +08:00) is inside this window, H too: 11 cases
    expect(response.body.metrics.cases.numerator).toBe(11);
  });

  it('lets evaluators, auditors, admins and the leader itself read, and no one else', async () => {
    const auditor = (await issueKey(t, 'auditor')).key;
    const own = (await issueKey(t, 'leader', [leaderId])).key;
    const staff = (await issueKey(t, 'staff', [leaderId])).key;
    const path = (id: string) => `/api/v1/metrics/leaders/${id}`;
    for (const key of [evaluator, auditor]) {
      await t.http.get(path(leaderId)).query(WINDOW).set(t.as(key)).expect(200);
      await t.http.get(path(otherLeaderId)).query(WINDOW).set(t.as(key)).expect(200);
    }
    await t.http.get(path(otherLeaderId)).query(WINDOW).set(t.admin).expect(200);
    await t.http.get(path(leaderId)).query(WINDOW).set(t.as(own)).expect(200);
    await t.http.get(path(otherLeaderId)).query(WINDOW).set(t.as(own)).expect(403);
    await t.http.get(path(leaderId)).query(WINDOW).set(t.as(staff)).expect(403);
    await t.http.get(path(leaderId)).query(WINDOW).expect(401);
    await t.http.get('/api/v1/metrics/ranking').set(t.as(own)).expect(403);
    await t.http.get('/api/v1/metrics/ranking').set(t.as(staff)).expect(403);
    await t.http.get(path('6f0c3f1e-2b7a-4c55-9a43-0c1f7f1c2d9e')).set(t.as(evaluator)).expect(404);
    const notAnId = await t.http.get(path('42')).set(t.as(evaluator)).expect(400);
    expect(notAnId.body.message).toContain('id');
  });

  it.each([
    ['from', '2025-13-01T00:00:00Z'],
    ['from', '2025-02-30T00:00:00+08:00'],
    ['to', 'yesterday'],
    ['asOf', '1700000000'],
    ['to', '2025-03-01'],
    ['from', '2025-03-01T00:00:00'],
    ['asOf', '2025-03-01T25:00:00Z'],
    ['from', '2025-03-01T00:00:00.1234Z'],
  ])('answers 400 naming %s for %s', async (field, value) => {
    const response = await t.http
      .get(`/api/v1/metrics/leaders/${leaderId}`)
      .query({ [field]: value })
      .set(t.as(evaluator))
      .expect(400);
    expect(response.body.message).toContain(field);
  });

  it('refuses from after to, repeated and unknown parameters', async () => {
    const path = `/api/v1/metrics/leaders/${leaderId}`;
    const reversed = await t.http
      .get(path)
      .query({ from: '2025-03-10T00:00:00+08:00', to: '2025-03-03T00:00:00+08:00' })
      .set(t.as(evaluator))
      .expect(400);
    expect(reversed.body.message).toContain('from');
    const repeated = await t.http
      .get(`${path}?from=2025-03-01T00:00:00Z&from=2025-03-02T00:00:00Z`)
      .set(t.as(evaluator))
      .expect(400);
    expect(repeated.body.message).toContain('from');
    const unknown = await t.http.get(path).query({ since: 'x' }).set(t.as(evaluator)).expect(400);
    expect(unknown.body.message).toContain('since');
  });

  it('reads an unencoded + in the offset (a space in the query string) as +', async () => {
    const response = await t.http
      .get(
        `/api/v1/metrics/leaders/${leaderId}?from=2025-03-03T00:00:00+08:00&to=2025-03-10T00:00:00+08:00&asOf=2025-03-12T12:00:00+08:00`,
      )
      .set(t.as(evaluator))
      .expect(200);
    expect(response.body.window.from).toBe('2025-03-02T16:00:00.000Z');
    expect(response.body.metrics.cases.numerator).toBe(9);
  });
});
