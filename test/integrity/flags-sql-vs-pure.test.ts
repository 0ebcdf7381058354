import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  computeIntegrityFlags,
  DEFAULT_THRESHOLDS,
  type FlagInputs,
} from '../../src/integrity/integrity-flags';
import { insertLeader } from '../metrics/metrics-seed';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The rows the flags are computed from, as the service's SQL selects them,
 * against computeIntegrityFlags over the generated model: random small sets
 * of cases (some opened outside the window), leader replies (some before the
 * citizen's comment, some by another account, some withdrawn), follow-ups
 * and surveys by a few keys at colliding minutes, with low thresholds so that
 * every flag is raised often.
 */
const MINUTE = 60_000;
const base = Date.parse('2025-03-10T00:00:00Z');
const at = (m: number) => new Date(base + m * MINUTE);
const thresholds = {
  copyPasteMinCases: 2,
  bulkClosureMinCases: 3,
  bulkClosureWindowMinutes: 10,
  surveyBurstMinSurveys: 3,
  surveyBurstWindowMinutes: 5,
};
const TEXTS = [
  '回复@甲:已收到',
  '已收到！',
  '民警已上门处理，请放心',
  '回复@乙:民警已上门处理 请放心[微笑]',
  '感谢关注',
  '已协调城管清理',
];
const ACTORS = ['staff:a#1', 'staff:b#2', 'admin:c#3'];
const STATES: [string, string | null][] = [
  ['open', null],
  ['responded', null],
  ['resolved', 'resolved'],
  ['closed', 'not_actionable'],
  ['closed', 'duplicate'],
  ['closed', 'referred'],
];
const KINDS = ['complaint', 'help', 'inquiry', 'suggestion'];

const caseArb = fc.record({
  opened: fc.oneof(fc.constantFrom(-1, 0, 599, 600), fc.integer({ min: -30, max: 630 })),
  kind: fc.constantFrom(...KINDS),
  state: fc.constantFrom(...STATES),
  replies: fc.array(
    fc.record({
      after: fc.integer({ min: -5, max: 60 }),
      text: fc.constantFrom(...TEXTS),
      byLeader: fc.boolean(),
      withdrawn: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
  followUps: fc.array(
    fc.record({
      minute: fc.integer({ min: 0, max: 40 }),
      type: fc.constantFrom(
        'note',
        'responded',
        'resolved',
        'referred',
        'not_actionable',
        'duplicate',
      ),
      text: fc.constantFrom(...TEXTS),
      actor: fc.constantFrom(...ACTORS),
    }),
    { maxLength: 2 },
  ),
  surveys: fc.array(
    fc.record({ minute: fc.integer({ min: 0, max: 20 }), actor: fc.constantFrom(...ACTORS) }),
    { maxLength: 2 },
  ),
});

let run = 0;

describe('integrity flags: the rows the SQL selects give what the pure module gives over the model', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ config: { integrityThresholds: thresholds } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('agrees on every flag, count, denominator and piece of evidence', async () => {
    const window = { from: at(0), to: at(600) };
    await fc.assert(
      fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: 14 }), async (specs) => {
        run += 1;
        const leaderId = await insertLeader(t.db);
        const [{ weibo_uid: leaderUid }] = await t.db.query<{ weibo_uid: string }>(
          `SELECT weibo_uid FROM leaders WHERE id = $1`,
          [leaderId],
        );
        const postId = `f${run}-p`;
        await t.db.execute(
          `INSERT INTO posts (id, leader_id, mid, author_uid, text, html, created_at, raw)
           VALUES ($1, $2, $1, $3, '通报', '通报', $4, '{}')`,
          [postId, leaderId, leaderUid, at(-100)],
        );
        const model: FlagInputs = { cases: [], leaderReplies: [], followUps: [], surveys: [] };
        const comments: unknown[] = [];
        const cases: unknown[] = [];
        const followUps: unknown[] = [];
        const surveys: unknown[] = [];
        specs.forEach((spec, i) => {
          const caseId = randomUUID();
          const commentId = `f${run}-c${i}`;
          const openedAt = at(spec.opened);
          const inWindow = openedAt >= window.from && openedAt < window.to;
          const [status, outcome] = spec.state;
          const closedAt =
            status === 'resolved' || status === 'closed' ? at(spec.opened + 50) : null;
          comments.push({
            id: commentId,
            root: commentId,
            uid: '555',
            by_leader: false,
            text: '投诉',
            created_at: openedAt,
            withdrawn_at: null,
          });
          cases.push({
            id: caseId,
            comment_id: commentId,
            status,
            outcome,
            kind: spec.kind,
            opened_at: openedAt,
            closed_at: closedAt,
            resolved_at: status === 'resolved' ? closedAt : null,
          });
          if (inWindow) {
            model.cases.push({ id: caseId, kind: spec.kind, status, outcome, closedAt });
          }
          spec.replies.forEach((r, j) => {
            const id = `f${run}-c${i}-r${j}`;
            const createdAt = at(spec.opened + r.after);
            const withdrawnAt = r.withdrawn ? at(spec.opened + 90) : null;
            const uid = r.byLeader ? leaderUid : '556';
            comments.push({
              id,
              root: commentId,
              uid,
              by_leader: r.byLeader,
              text: r.text,
              created_at: createdAt,
              withdrawn_at: withdrawnAt,
            });
            if (inWindow && r.byLeader && r.after >= 0) {
              model.leaderReplies.push({
                caseId,
                replyId: id,
                authorUid: uid,
                at: createdAt,
                text: r.text,
                withdrawnAt,
              });
            }
          });
          spec.followUps.forEach((f) => {
            const id = randomUUID();
            followUps.push({
              id,
              case_id: caseId,
              type: f.type,
              text: f.text,
              actor: f.actor,
              recorded_at: at(f.minute),
            });
            if (inWindow && f.type !== 'note') {
              model.followUps.push({
                caseId,
                id,
                type: f.type,
                text: f.text,
                actor: f.actor,
                at: at(f.minute),
              });
            }
          });
          spec.surveys.forEach((s) => {
            const id = randomUUID();
            surveys.push({ id, case_id: caseId, actor: s.actor, recorded_at: at(s.minute) });
            if (inWindow) {
              model.surveys.push({ caseId, id, actor: s.actor, at: at(s.minute) });
            }
          });
        });
        await t.db.transaction(async (tx) => {
          await tx.execute(
            `INSERT INTO comments (id, post_id, leader_id, root_id, author_uid, text, html, created_at, by_leader,
                                   missed_at, withdrawn_at, raw)
             SELECT r.id, $1, $2::uuid, r.root, r.uid, r.text, r.text, r.created_at, r.by_leader,
                    r.withdrawn_at, r.withdrawn_at, '{}'
             FROM jsonb_to_recordset($3::jsonb) AS r(id text, root text, uid text, by_leader boolean, text text,
                                                     created_at timestamptz, withdrawn_at timestamptz)`,
            [postId, leaderId, JSON.stringify(comments)],
          );
          await tx.execute(
            `INSERT INTO cases (id, leader_id, comment_id, status, outcome, kind, category, opened_at,
                                acknowledge_deadline, resolve_deadline, resolved_at, closed_at)
             SELECT r.id, $1::uuid, r.comment_id, r.status, r.outcome, r.kind, 'public_order', r.opened_at,
                    r.opened_at, r.opened_at, r.resolved_at, r.closed_at
             FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, comment_id text, status text, outcome text,
                                                     kind text, opened_at timestamptz, resolved_at timestamptz,
                                                     closed_at timestamptz)`,
            [leaderId, JSON.stringify(cases)],
          );
          await tx.execute(
            `INSERT INTO follow_ups (id, case_id, type, text, actor, recorded_at)
             SELECT r.id, r.case_id, r.type, r.text, r.actor, r.recorded_at
             FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, case_id uuid, type text, text text, actor text,
                                                     recorded_at timestamptz)`,
            [JSON.stringify(followUps)],
          );
          await tx.execute(
            `INSERT INTO satisfaction_surveys (id, case_id, level, score, channel, actor, recorded_at)
             SELECT r.id, r.case_id, '满意', 100, 'callback', r.actor, r.recorded_at
             FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, case_id uuid, actor text, recorded_at timestamptz)`,
            [JSON.stringify(surveys)],
          );
        });

        const response = await t.http
          .get(`/api/v1/integrity/leaders/${leaderId}`)
          .query({ from: window.from.toISOString(), to: window.to.toISOString() })
          .set(t.admin)
          .expect(200);
        const expected = JSON.parse(JSON.stringify(computeIntegrityFlags(model, thresholds)));
        expect(response.body.thresholds).toEqual(thresholds);
        expect(response.body.flags).toEqual(expected);
      }),
      { numRuns: 40, seed: 20251202 },
    );
  });

  it("the defaults are SPEC's", () => {
    expect(DEFAULT_THRESHOLDS).toEqual({
      copyPasteMinCases: 3,
      bulkClosureMinCases: 10,
      bulkClosureWindowMinutes: 10,
      surveyBurstMinSurveys: 20,
      surveyBurstWindowMinutes: 10,
    });
  });
});
