/**
 * Integrity flags (SPEC 9): for one leader's cases opened in a window, the
 * patterns a discipline office looks for, each with its evidence. Pure: the
 * repository loads the rows, this decides.
 *
 * Each flag is `{type, count, denominator, caseIds, evidence}` where count is
 * the number of distinct cases flagged (caseIds.length) and denominator the
 * cases the flag could have applied to:
 * - copy_paste_replies: cases answered by a response whose normalised text
 *   (replyCore: no 回复@NAME: prefix, emoji, mentions, links, punctuation,
 *   spaces; width and traditional forms folded) also answers at least
 *   `copyPasteMinCases` different cases / cases with any response. Responses
 *   are the leader's Weibo replies in the case's thread and staff follow-ups
 *   that count as a response (responded, resolved, referred).
 * - boilerplate_only: cases whose every response is boilerplate / cases with
 *   any response.
 * - bulk_closure: cases closed or resolved by one actor inside a burst of at
 *   least `bulkClosureMinCases` closures within `bulkClosureWindowMinutes`
 *   (bursts.ts) / cases closed or resolved through a follow-up.
 * - closed_without_response: complaints and help requests closed as
 *   not_actionable or duplicate with no response at all / complaints and
 *   help requests closed that way.
 * - withdrawn_replies: cases with a leader reply later withdrawn from Weibo /
 *   cases with a leader reply.
 * - survey_burst: cases surveyed inside a burst of at least
 *   `surveyBurstMinSurveys` surveys by one key within
 *   `surveyBurstWindowMinutes` / surveyed cases.
 * - self_rated: cases with a survey recorded by the key that resolved them /
 *   cases resolved through a follow-up and surveyed.
 */
import { isBoilerplate } from '../cases/reply-matcher';
import { replyCore } from '../cases/reply-text';
import { findBursts, type TimedAction } from './bursts';

export interface IntegrityThresholds {
  copyPasteMinCases: number;
  bulkClosureMinCases: number;
  bulkClosureWindowMinutes: number;
  surveyBurstMinSurveys: number;
  surveyBurstWindowMinutes: number;
}

export const DEFAULT_THRESHOLDS: IntegrityThresholds = {
  copyPasteMinCases: 3,
  bulkClosureMinCases: 10,
  bulkClosureWindowMinutes: 10,
  surveyBurstMinSurveys: 20,
  surveyBurstWindowMinutes: 10,
};

export const FLAG_TYPES = [
  'copy_paste_replies',
  'boilerplate_only',
  'bulk_closure',
  'closed_without_response',
  'withdrawn_replies',
  'survey_burst',
  'self_rated',
] as const;
export type FlagType = (typeof FLAG_TYPES)[number];

export interface FlagCase {
  id: string;
  kind: string;
  status: string;
  outcome: string | null;
  closedAt: Date | null;
}

export interface FlagLeaderReply {
  caseId: string;
  replyId: string;
  authorUid: string;
  at: Date;
  text: string;
  withdrawnAt: Date | null;
}

export type ClosingType = 'resolved' | 'referred' | 'not_actionable' | 'duplicate';

export interface FlagFollowUp {
  caseId: string;
  id: string;
  type: 'responded' | ClosingType;
  text: string;
  actor: string;
  at: Date;
}

export interface FlagSurvey {
  caseId: string;
  id: string;
  actor: string;
  at: Date;
}

export interface FlagInputs {
  cases: FlagCase[];
  leaderReplies: FlagLeaderReply[];
  followUps: FlagFollowUp[];
  surveys: FlagSurvey[];
}

export interface FlagEvidence {
  caseIds: string[];
  /** The one actor behind this piece of evidence; null when several (see actors). */
  actor: string | null;
  actors: string[];
  from: Date;
  to: Date;
  /** What was found, by flag: the normalised text, the outcome, the reply withdrawn … */
  detail: Record<string, string | number | null>;
}

export interface IntegrityFlag {
  type: FlagType;
  count: number;
  denominator: number;
  caseIds: string[];
  evidence: FlagEvidence[];
}

interface Response {
  caseId: string;
  actor: string;
  at: Date;
  text: string;
  ref: string;
}

const CLOSING: ReadonlySet<string> = new Set([
  'resolved',
  'referred',
  'not_actionable',
  'duplicate',
]);
const RESPONDING: ReadonlySet<string> = new Set(['responded', 'resolved', 'referred']);
const MINUTE_MS = 60_000;

const sortedUnique = (ids: Iterable<string>): string[] => [...new Set(ids)].sort();

function evidence(
  items: { caseId: string; actor: string; at: Date }[],
  detail: FlagEvidence['detail'],
): FlagEvidence {
  const actors = sortedUnique(items.map((i) => i.actor));
  const times = items.map((i) => i.at.getTime());
  return {
    caseIds: sortedUnique(items.map((i) => i.caseId)),
    actor: actors.length === 1 ? actors[0] : null,
    actors,
    from: new Date(Math.min(...times)),
    to: new Date(Math.max(...times)),
    detail,
  };
}

function flag(type: FlagType, denominator: Iterable<string>, found: FlagEvidence[]): IntegrityFlag {
  const caseIds = sortedUnique(found.flatMap((e) => e.caseIds));
  return {
    type,
    count: caseIds.length,
    denominator: new Set(denominator).size,
    caseIds,
    evidence: [...found].sort(evidenceOrder),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k) ?? [];
    list.push(item);
    groups.set(k, list);
  }
  return groups;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Time, then id: one order whatever order the rows came in. */
const byTime = <T extends { at: Date; id?: string; ref?: string; caseId: string }>(a: T, b: T) =>
  a.at.getTime() - b.at.getTime() ||
  compareText(a.caseId, b.caseId) ||
  compareText(a.id ?? a.ref ?? '', b.id ?? b.ref ?? '');

function evidenceOrder(a: FlagEvidence, b: FlagEvidence): number {
  return (
    a.from.getTime() - b.from.getTime() ||
    a.to.getTime() - b.to.getTime() ||
    compareText(a.caseIds.join(','), b.caseIds.join(',')) ||
    compareText(JSON.stringify(a.detail), JSON.stringify(b.detail))
  );
}

export function computeIntegrityFlags(
  inputs: FlagInputs,
  thresholds: IntegrityThresholds,
): IntegrityFlag[] {
  const known = new Map(inputs.cases.map((c) => [c.id, c]));
  const replies = inputs.leaderReplies.filter((r) => known.has(r.caseId));
  const followUps = inputs.followUps.filter((f) => known.has(f.caseId));
  const surveys = inputs.surveys.filter((s) => known.has(s.caseId));

  const responses: Response[] = [
    ...replies.map((r) => ({
      caseId: r.caseId,
      actor: `weibo:${r.authorUid}`,
      at: r.at,
      text: r.text,
      ref: r.replyId,
    })),
    ...followUps
      .filter((f) => RESPONDING.has(f.type))
      .map((f) => ({ caseId: f.caseId, actor: f.actor, at: f.at, text: f.text, ref: f.id })),
  ].sort(byTime);
  const responsesByCase = groupBy(responses, (r) => r.caseId);
  const responded = [...responsesByCase.keys()];

  // The follow-up that closed or resolved each case: the first closing one.
  const closings = new Map<string, FlagFollowUp>();
  for (const f of [...followUps].sort(byTime)) {
    if (CLOSING.has(f.type) && !closings.has(f.caseId)) {
      closings.set(f.caseId, f);
    }
  }

  const copyPaste = [...groupBy(responses, (r) => replyCore(r.text)).entries()]
    .filter(
      ([core, group]) =>
        core !== '' && new Set(group.map((r) => r.caseId)).size >= thresholds.copyPasteMinCases,
    )
    .map(([core, group]) => evidence(group, { text: core, responses: group.length }));

  const boilerplate = [...responsesByCase.entries()]
    .filter(([, list]) => list.every((r) => isBoilerplate(r.text)))
    .map(([, list]) => evidence(list, { responses: list.length }));

  const closingActions: TimedAction[] = [...closings.values()].map((f) => ({
    actor: f.actor,
    at: f.at,
    caseId: f.caseId,
  }));
  const bulk = findBursts(
    closingActions,
    thresholds.bulkClosureMinCases,
    thresholds.bulkClosureWindowMinutes * MINUTE_MS,
  ).map((b) => evidence(b.actions, { closures: b.actions.length }));

  const closedAway = inputs.cases.filter(
    (c) =>
      (c.kind === 'complaint' || c.kind === 'help') &&
      c.status === 'closed' &&
      (c.outcome === 'not_actionable' || c.outcome === 'duplicate'),
  );
  const unanswered = closedAway
    .filter((c) => !responsesByCase.has(c.id))
    .map((c) => {
      const closing = closings.get(c.id);
      // A case closed outside the follow-up path (it should not happen) still counts, actor unknown.
      return closing === undefined
        ? {
            ...evidence([{ caseId: c.id, actor: '', at: c.closedAt ?? new Date(0) }], {
              outcome: c.outcome,
            }),
            actor: null,
            actors: [],
          }
        : evidence([closing], { outcome: c.outcome });
    });

  const withdrawn = replies
    .filter((r) => r.withdrawnAt !== null)
    .sort(byTime)
    .map((r) =>
      evidence([{ caseId: r.caseId, actor: `weibo:${r.authorUid}`, at: r.at }], {
        replyId: r.replyId,
        withdrawnAt: (r.withdrawnAt as Date).toISOString(),
      }),
    );

  const surveyBursts = findBursts(
    surveys.map((s) => ({ actor: s.actor, at: s.at, caseId: s.caseId })),
    thresholds.surveyBurstMinSurveys,
    thresholds.surveyBurstWindowMinutes * MINUTE_MS,
  ).map((b) => evidence(b.actions, { surveys: b.actions.length }));

  const surveysByCase = groupBy([...surveys].sort(byTime), (s) => s.caseId);
  const resolvedAndSurveyed: string[] = [];
  const selfRated: FlagEvidence[] = [];
  for (const [caseId, closing] of closings) {
    const caseSurveys = surveysByCase.get(caseId);
    if (closing.type !== 'resolved' || caseSurveys === undefined) {
      continue;
    }
    resolvedAndSurveyed.push(caseId);
    const own = caseSurveys.find((s) => s.actor === closing.actor);
    if (own !== undefined) {
      selfRated.push(
        evidence([closing, own], {
          resolvedAt: closing.at.toISOString(),
          surveyedAt: own.at.toISOString(),
        }),
      );
    }
  }

  return [
    flag('copy_paste_replies', responded, copyPaste),
    flag('boilerplate_only', responded, boilerplate),
    flag('bulk_closure', closings.keys(), bulk),
    flag(
      'closed_without_response',
      closedAway.map((c) => c.id),
      unanswered,
    ),
    flag(
      'withdrawn_replies',
      replies.map((r) => r.caseId),
      withdrawn,
    ),
    flag(
      'survey_burst',
      surveys.map((s) => s.caseId),
      surveyBursts,
    ),
    flag('self_rated', resolvedAndSurveyed, selfRated),
  ];
}
