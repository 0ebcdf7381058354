import fc from 'fast-check';
import { metricsFromAggregates } from '../../src/metrics/metric-aggregates';
import { computeMetrics, type MetricWindow } from '../../src/metrics/metric-formulas';
import { MetricsRepository } from '../../src/metrics/metrics.repository';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  insertLeader,
  type Kind,
  type Level,
  type SeedCase,
  type SeedComment,
  type SeedPost,
  seedLeaderData,
} from './metrics-seed';

/**
 * The SQL aggregation (what the API serves) against computeMetrics over the
 * raw rows (the published definition), on random small case sets written
 * into one scratch database. Times are whole minutes in a narrow range, and
 * asOf is often exactly one of the event instants, so that window, deadline,
 * asOf and backlog-bucket boundaries collide often.
 */
const MINUTE = 60_000;
const base = Date.parse('2025-03-01T00:00:00+08:00');
const at = (minutes: number): Date => new Date(base + minutes * MINUTE);
const LEVELS: Level[] = ['满意', '较满意', '一般', '不满意'];

type CaseSpec = {
  opened: number;
  ackAfter: number;
  response: { after: number; by: 'leader' | 'staff' } | null;
  closing: { after: number; outcome: 'resolved' | 'referred' | 'duplicate' } | null;
  surveys: { after: number; level: Level }[];
};

/** Mostly on whole days and on the candidate deadlines, so that instants coincide. */
const DAY_MARKS = [0, 1440, 2880, 4320, 5760, 7200];
const ACK_AFTER = [0, 60, 120, 1440, 2880];
const minutes = (min: number, max: number, marks: number[]): fc.Arbitrary<number> =>
  fc.oneof(fc.constantFrom(...marks), fc.integer({ min, max }));

const caseSpec: fc.Arbitrary<CaseSpec> = fc.record({
  opened: minutes(-1440, 8 * 1440, DAY_MARKS),
  ackAfter: fc.constantFrom(...ACK_AFTER),
  response: fc.option(
    fc.record({
      after: minutes(-30, 4 * 1440, ACK_AFTER),
      by: fc.constantFrom('leader' as const, 'staff' as const),
    }),
    { freq: 3 },
  ),
  closing: fc.option(
    fc.record({
      after: fc.constantFrom(0, 30, 1440, 4320, 10080, 12000),
      outcome: fc.constantFrom('resolved' as const, 'referred' as const, 'duplicate' as const),
    }),
    { freq: 3 },
  ),
  surveys: fc.array(
    fc.record({
      after: minutes(0, 6 * 1440, [0, 1440, 4320]),
      level: fc.constantFrom(...LEVELS),
    }),
    { maxLength: 3 },
  ),
});

const scenario = fc.record({
  windowDays: fc.integer({ min: 0, max: 8 }),
  asOf: fc.oneof(
    {
      arbitrary: fc.integer({ min: -1440, max: 12 * 1440 }).map((m) => ({ minutes: m })),
      weight: 1,
    },
    { arbitrary: fc.nat({ max: 500 }).map((pick) => ({ pick })), weight: 2 },
    { arbitrary: fc.nat({ max: 500 }).map((event) => ({ event })), weight: 2 },
  ),
  cases: fc.array(caseSpec, { minLength: 1, maxLength: 30, size: 'max' }),
  extraComments: fc.array(
    fc.record({
      created: minutes(-1440, 8 * 1440, DAY_MARKS),
      kind: fc.constantFrom<Kind | null>('spam', 'praise', 'other', null),
      byLeader: fc.boolean(),
    }),
    { maxLength: 12, size: 'max' },
  ),
  posts: fc.array(
    fc.record({
      created: minutes(-1440, 8 * 1440, DAY_MARKS),
      held: fc.nat({ max: 40 }),
      reported: fc.nat({ max: 40 }),
    }),
    { maxLength: 5 },
  ),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

let run = 0;

function build(s: Scenario): {
  window: MetricWindow;
  posts: SeedPost[];
  comments: SeedComment[];
  cases: SeedCase[];
} {
  run += 1;
  const prefix = `r${run}`;
  const postId = `${prefix}-p0`;
  const posts: SeedPost[] = [
    { id: postId, createdAt: at(-10 * 1440), held: 0, reported: 0 },
    ...s.posts.map((p, i) => ({
      id: `${prefix}-p${i + 1}`,
      createdAt: at(p.created),
      held: p.held,
      reported: p.reported,
    })),
  ];
  const cases: SeedCase[] = s.cases.map((c) => ({
    commentId: '',
    openedAt: at(c.opened),
    acknowledgeDeadline: at(c.opened + c.ackAfter),
    firstResponseAt: c.response ? at(c.opened + c.response.after) : null,
    firstResponseBy: c.response ? c.response.by : null,
    closing: c.closing ? { at: at(c.opened + c.closing.after), outcome: c.closing.outcome } : null,
    surveys: c.surveys.map((v) => ({ level: v.level, recordedAt: at(c.opened + v.after) })),
  }));
  const comments: SeedComment[] = cases.map((c, i) => {
    c.commentId = `${prefix}-c${i}`;
    return { id: c.commentId, postId, createdAt: c.openedAt, byLeader: false, kind: 'complaint' };
  });
  s.extraComments.forEach((e, i) =>
    comments.push({
      id: `${prefix}-x${i}`,
      postId,
      createdAt: at(e.created),
      byLeader: e.byLeader,
      kind: e.kind,
    }),
  );
  const events = cases.flatMap((c) => [
    ...(c.firstResponseAt ? [c.firstResponseAt] : []),
    ...(c.closing ? [c.closing.at] : []),
    ...c.surveys.map((v) => v.recordedAt),
  ]);
  const from = at(0);
  const to = at(s.windowDays * 1440);
  const edges = [
    from,
    to,
    ...events,
    ...cases.flatMap((c) => [
      c.openedAt,
      c.acknowledgeDeadline,
      ...[24, 72, 168].map((h) => new Date(c.openedAt.getTime() + h * 60 * MINUTE)),
    ]),
  ];
  const asOf =
    'minutes' in s.asOf
      ? at(s.asOf.minutes)
      : 'event' in s.asOf && events.length > 0
        ? events[s.asOf.event % events.length]
        : edges[('pick' in s.asOf ? s.asOf.pick : s.asOf.event) % edges.length];
  return { window: { from, to, asOf }, posts, comments, cases };
}

function distinctSurveyTimes(s: Scenario): Scenario {
  return {
    ...s,
    cases: s.cases.map((c) => ({
      ...c,
      surveys: c.surveys.filter((v, i) => c.surveys.findIndex((w) => w.after === v.after) === i),
    })),
  };
}

let copies = 0;

/** The same rows under new ids, so that they can be written for another leader. */
function renamed(data: { posts: SeedPost[]; comments: SeedComment[]; cases: SeedCase[] }): {
  posts: SeedPost[];
  comments: SeedComment[];
  cases: SeedCase[];
} {
  copies += 1;
  const id = (old: string) => `copy${copies}-${old}`;
  return {
    posts: data.posts.map((p) => ({ ...p, id: id(p.id) })),
    comments: data.comments.map((c) => ({ ...c, id: id(c.id), postId: id(c.postId) })),
    cases: data.cases.map((c) => ({ ...c, commentId: id(c.commentId) })),
  };
}

describe('metrics: SQL aggregation equals computeMetrics over the raw rows', () => {
  let t: TestApp;
  let repository: MetricsRepository;

  beforeAll(async () => {
    t = await startTestApp();
    repository = t.app.get(MetricsRepository);
    // Another leader's rows over the same instants: none may leak into the leader under test.
    const noise = await insertLeader(t.db, { name: '干扰领导' });
    const sample = fc.sample(scenario, { numRuns: 1, seed: 7 })[0];
    const data = build({ ...sample, cases: fc.sample(caseSpec, { numRuns: 30, seed: 8 }) });
    await seedLeaderData(t.db, noise, data);
  });
  afterAll(async () => {
    await t.close();
  });

  it('agrees on every figure, in the per-leader and in the ranking query', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { window, ...data } = build(s);
        const leaderId = await insertLeader(t.db);
        await seedLeaderData(t.db, leaderId, data);

        const inputs = await repository.loadMetricInputs(leaderId, window);
        const expected = computeMetrics(inputs);
        const one = await repository.leaderAggregates(leaderId, window);
        expect(one).not.toBeNull();
        expect(metricsFromAggregates(one!.aggregates)).toEqual(expected);

        const ranking = await repository.rankingAggregates(window, {});
        const row = ranking.find((r) => r.leaderId === leaderId);
        expect(row?.aggregates).toEqual(one!.aggregates);

        // received and coverage, from the model rather than from SQL
        const { from, to, asOf } = window;
        const inWindow = (d: Date) =>
          d.getTime() >= from.getTime() && d.getTime() < to.getTime() && d <= asOf;
        const received = data.comments.filter(
          (c) => !c.byLeader && c.kind !== 'spam' && inWindow(c.createdAt),
        ).length;
        const posts = data.posts.filter((p) => inWindow(p.createdAt));
        expect(inputs.receivedCount).toBe(received);
        expect(inputs.coverage).toEqual({
          held: posts.reduce((sum, p) => sum + Math.min(p.held, p.reported), 0),
          reported: posts.reduce((sum, p) => sum + p.reported, 0),
        });
      }),
      { numRuns: 30, seed: Number(process.env.METRICS_PROPERTY_SEED ?? Date.now() % 2 ** 31) },
    );
  });

  it('counts an appeal’s corrections exactly as if the cases had been excluded or the other leader’s', async () => {
    const fates = fc.array(fc.constantFrom('keep', 'exclude', 'reassign'), {
      minLength: 30,
      maxLength: 30,
    });
    await fc.assert(
      fc.asyncProperty(scenario, scenario, fates, async (sx, sy, fate) => {
        // Surveys of one case at one instant are told apart by their random ids: keep one.
        const x = build(distinctSurveyTimes(sx));
        const y = build(distinctSurveyTimes(sy));
        const window = x.window;
        const [leaderX, leaderY] = [await insertLeader(t.db), await insertLeader(t.db)];
        const caseIds = await seedLeaderData(t.db, leaderX, x);
        await seedLeaderData(t.db, leaderY, y);
        const corrections = x.cases.flatMap((_c, i) =>
          fate[i] === 'keep'
            ? []
            : [{ caseId: caseIds[i], toLeaderId: fate[i] === 'reassign' ? leaderY : null }],
        );
        // The oracle: fresh leaders holding the data as the corrections say it should have been.
        const kept = x.cases.filter((_c, i) => fate[i] === 'keep');
        const moved = x.cases.filter((_c, i) => fate[i] === 'reassign');
        const gone = new Set(x.cases.filter((_c, i) => fate[i] !== 'keep').map((c) => c.commentId));
        const commentOf = new Map(x.comments.map((c) => [c.id, c]));
        const asIfX = renamed({
          posts: x.posts,
          comments: x.comments.filter((c) => !gone.has(c.id)),
          cases: kept,
        });
        const asIfY = renamed({
          posts: y.posts,
          comments: [
            ...y.comments,
            ...moved.map((c) => ({ ...commentOf.get(c.commentId)!, postId: y.posts[0].id })),
          ],
          cases: [...y.cases, ...moved],
        });
        const [oracleX, oracleY] = [await insertLeader(t.db), await insertLeader(t.db)];
        await seedLeaderData(t.db, oracleX, asIfX);
        await seedLeaderData(t.db, oracleY, asIfY);

        for (const [leaderId, oracle] of [
          [leaderX, oracleX],
          [leaderY, oracleY],
        ]) {
          const corrected = await t.db.transaction((tx) =>
            repository.correctedLeaderAggregates(tx, leaderId, window, corrections),
          );
          const expected = await repository.leaderAggregates(oracle, window);
          expect(corrected!.aggregates).toEqual(expected!.aggregates);
          expect(metricsFromAggregates(corrected!.aggregates)).toEqual(
            computeMetrics(await repository.loadMetricInputs(oracle, window)),
          );
        }
      }),
      { numRuns: 10, seed: Number(process.env.METRICS_PROPERTY_SEED ?? Date.now() % 2 ** 31) },
    );
  });

  it('gives a leader with no rows zero counts and null rates', async () => {
    const leaderId = await insertLeader(t.db);
    const window = { from: at(0), to: at(1440), asOf: at(1440) };
    const one = await repository.leaderAggregates(leaderId, window);
    const metrics = metricsFromAggregates(one!.aggregates);
    expect(metrics).toEqual(
      computeMetrics({ window, cases: [], receivedCount: 0, coverage: { held: 0, reported: 0 } }),
    );
    expect(metrics.responseRate.value).toBeNull();
    expect(metrics.score).toEqual({ value: 0, numerator: 0, denominator: 10000 });
  });
});
