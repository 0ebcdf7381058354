/**
 * Request bodies come from the service's OpenAPI document (schema.d.ts,
 * generated); the response shapes below are those SPEC section 6 fixes.
 */
import type { components, operations } from './schema';

type Schemas = components['schemas'];
type QueryOf<K extends keyof operations> = NonNullable<operations[K]['parameters']['query']>;
export type Principal = Schemas['SessionPrincipalDto'];
export type Role = Principal['role'];
export type CreateFollowUp = Schemas['CreateFollowUpDto'];
export type FollowUpType = CreateFollowUp['type'];
export type RecordSatisfaction = Schemas['RecordSatisfactionDto'];
export type SurveyChannel = RecordSatisfaction['channel'];
export type CreateLeader = Schemas['CreateLeaderDto'];
export type UpdateLeader = Schemas['UpdateLeaderDto'];
export type CreateApiKey = Schemas['CreateApiKeyDto'];
export type CreateSnapshot = Schemas['CreateSnapshotDto'];
export type FileAppeal = Schemas['FileAppealDto'];
export type DecideAppeal = Schemas['DecideAppealDto'];
export type Correction = Schemas['CorrectionDto'];
export type CorrectionAction = Correction['action'];
export type Decision = DecideAppeal['decision'];
export type ListAppealsQuery = QueryOf<'AppealsController_list'>;
export type AppealStatus = NonNullable<ListAppealsQuery['status']>;
export type ListCasesQuery = QueryOf<'CasesController_listForLeader'>;
export type CaseKind = NonNullable<ListCasesQuery['kind']>;
export type CaseCategory = NonNullable<ListCasesQuery['category']>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Leader {
  id: string;
  name: string;
  title: string;
  unit: string;
  regionCode: string;
  weiboUid: string;
  active: boolean;
  createdAt: string;
  deactivatedAt: string | null;
}

export interface CaseItem {
  id: string;
  leaderId: string;
  status: 'open' | 'responded' | 'resolved' | 'closed';
  outcome: string | null;
  kind: string;
  category: string;
  openedAt: string;
  acknowledgeDeadline: string;
  resolveDeadline: string;
  firstResponseAt: string | null;
  firstResponseBy: 'leader' | 'staff' | null;
  firstResponseEvidence:
    | { weiboReplyId: string; acknowledgement: boolean }
    | { followUpId: string; acknowledgement: boolean }
    | null;
  resolvedAt: string | null;
  closedAt: string | null;
  overdue: boolean;
  resolveOverdue: boolean;
  /** The clock that matters now, in its own time; negative ms when overdue. */
  timeLeft: {
    deadline: 'acknowledge' | 'resolve';
    at: string;
    unit: 'working_time' | 'wall_clock';
    ms: number;
  } | null;
  referredTo: string | null;
  duplicateOf: string | null;
  satisfaction: {
    level: string | null;
    score: number | null;
    at: string | null;
    signal: string | null;
  };
  message: {
    /** null where the caller may not trace the citizen (an evaluator). */
    weiboId: string | null;
    postId: string | null;
    text: string;
    authorName: string;
    authorUid: string | null;
    createdAt: string;
    /** The citizen withdrew the comment from Weibo; it stays in the record. */
    withdrawnAt: string | null;
  };
}

export interface RuleMatch {
  rule: string;
  terms: string[];
  weight: number;
  /** What this match added to the decision's score, when the service reports it. */
  contribution?: number;
}

export interface AuditEvent {
  seq: number;
  occurredAt: string;
  actor: string;
  action: string;
  caseId: string | null;
  leaderId: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

export interface FollowUp {
  id: string;
  type: FollowUpType;
  text: string;
  actor?: string;
  createdAt?: string;
  recordedAt?: string;
  evidenceUrl?: string | null;
  referredTo?: string | null;
}

export interface Survey {
  id?: string;
  level: string;
  channel: string;
  score?: number;
  recordedAt?: string;
  createdAt?: string;
}

export interface CaseDetail extends CaseItem {
  classification: {
    kind: string;
    category: string;
    actionable: boolean;
    score: number;
    matches: RuleMatch[];
    rulesetVersion: string;
    classifiedAt: string;
  } | null;
  followUps: FollowUp[];
  surveys: Survey[];
  auditEvents: AuditEvent[];
  thread: ThreadReply[];
}

export interface ThreadReply {
  weiboId: string | null;
  parentId: string | null;
  authorName: string;
  authorUid: string | null;
  byLeader: boolean;
  firstResponse: boolean;
  text: string;
  createdAt: string;
  withdrawnAt: string | null;
}

export interface Ratio {
  value: number | null;
  numerator: number;
  denominator: number;
  buckets?: Record<string, number>;
}

export type MetricName =
  | 'received'
  | 'cases'
  | 'responseRate'
  | 'onTimeResponseRate'
  | 'resolutionRate'
  | 'medianFirstResponseHours'
  | 'p90FirstResponseHours'
  | 'overdue'
  | 'backlog'
  | 'satisfaction'
  | 'leaderReplyShare'
  | 'coverage'
  | 'score';

export interface Window {
  from: string;
  to: string;
  asOf: string;
}

export interface LeaderMetrics {
  leaderId: string;
  definitionVersion: string;
  window: Window;
  metrics: Record<MetricName, Ratio>;
  warnings: unknown[];
}

export interface RankingItem {
  rank: number;
  leaderId: string;
  name: string;
  unit: string;
  regionCode: string;
  score: number | null;
  metrics: Record<MetricName, Ratio>;
}

export interface Ranking extends Page<RankingItem> {
  definitionVersion: string;
  window: Window;
  rankingRule: string;
}

export interface Feed {
  leaderId: string;
  weiboUid: string;
  status: string;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  backoffUntil: string | null;
  consecutiveFailures: number;
  nextPollAt: string | null;
  polling: boolean;
  coverage: Ratio;
}

export interface PollResult {
  posts: number;
  comments: number;
  cases: number;
}

export interface Verify {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

export interface ApiKeySummary {
  id: string;
  name: string;
  role: Role;
  leaderIds: string[];
  keyPrefix: string;
  createdAt: string;
  revokedAt: string | null;
}

/** GET /api/v1/snapshots items: the stored row, without its content. */
export interface SnapshotSummary {
  id: string;
  name: string | null;
  createdAt: string;
  createdBy: string;
  definitionVersion: string;
  window: Window;
  filters: { regionCode: string | null; unit: string | null };
  hash: string;
  /** The version this one corrects; null for a first version. */
  supersedes: string | null;
  /** The version that corrects this one; null while it stands. */
  supersededBy: string | null;
  publishedAt: string | null;
}

/** One case an accepted appeal corrected. */
export interface CaseCorrection {
  caseId: string;
  action: CorrectionAction;
  fromLeaderId: string;
  toLeaderId: string | null;
}

/** An accepted appeal as a corrected snapshot records it (cumulative along a chain). */
export interface SnapshotCorrection {
  appealId: string;
  reason: string;
  decidedAt: string;
  changes: CaseCorrection[];
}

export interface SnapshotVersion {
  id: string;
  createdAt: string;
  hash: string;
  appealId: string | null;
}

/** GET /api/v1/snapshots/:id (and POST /api/v1/snapshots). */
export interface SnapshotDetail extends Omit<SnapshotSummary, 'window'> {
  window: Window;
  items: Omit<RankingItem, 'rank'>[];
  corrections: SnapshotCorrection[];
  verified: boolean;
  chain: SnapshotVersion[];
}

/** POST /api/v1/snapshots/:id/publish. */
export interface Publication {
  snapshotId: string;
  publishedAt: string;
  publishedBy: string;
}

/** GET /public/reports items. */
export interface PublishedReport {
  id: string;
  name: string | null;
  createdAt: string;
  publishedAt: string;
  definitionVersion: string;
  window: Window;
  hash: string;
  supersedes: string | null;
  supersededBy: string | null;
  url: string;
}
export type IntegrityFlagType =
  | 'copy_paste_replies'
  | 'boilerplate_only'
  | 'bulk_closure'
  | 'closed_without_response'
  | 'withdrawn_replies'
  | 'survey_burst'
  | 'self_rated';

export interface IntegrityEvidence {
  caseIds: string[];
  actor: string | null;
  actors: string[];
  from: string;
  to: string;
  detail: Record<string, string | number | null>;
}

export interface IntegrityFlag {
  type: IntegrityFlagType;
  count: number;
  denominator: number;
  caseIds: string[];
  evidence: IntegrityEvidence[];
}

/** GET /api/v1/integrity/leaders/:id (SPEC 9). */
export interface IntegrityReport {
  leaderId: string;
  window: { from: string; to: string };
  thresholds: Record<string, number>;
  flags: IntegrityFlag[];
}

/** An appeal (申诉) against a snapshot, as GET /api/v1/appeals/:id answers. */
export interface Appeal {
  id: string;
  snapshotId: string;
  leaderId: string;
  caseIds: string[];
  reason: string;
  status: AppealStatus;
  filedBy: string;
  filedAt: string;
  /** The last instant an appeal against this snapshot could be filed. */
  deadline: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  /** What an accepted appeal changed; empty when rejected, null while pending. */
  corrections: CaseCorrection[] | null;
  correctedSnapshotId: string | null;
}
