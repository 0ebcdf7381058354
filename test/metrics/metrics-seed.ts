import { randomUUID } from 'node:crypto';
import type { Sql } from '../../src/database/database';

/**
 * Writes a leader's Weibo posts, comments, classifications, cases, staff
 * follow-ups and surveys straight into the tables, as ingestion and the case
 * workflow would have left them. Bulk inserts (jsonb_to_recordset), so a
 * property run costs a handful of statements.
 */
export type Kind = 'complaint' | 'help' | 'inquiry' | 'suggestion' | 'praise' | 'other' | 'spam';
export type Level = '满意' | '较满意' | '一般' | '不满意';

export const SCORE_OF: Record<Level, number> = { 满意: 100, 较满意: 75, 一般: 50, 不满意: 0 };

export type SeedPost = { id: string; createdAt: Date; held: number; reported: number };

export type SeedComment = {
  id: string;
  postId: string;
  createdAt: Date;
  byLeader: boolean;
  /** null: not classified yet. */
  kind: Kind | null;
  authorName?: string;
  authorUid?: string;
};

export type SeedCase = {
  commentId: string;
  openedAt: Date;
  acknowledgeDeadline: Date;
  firstResponseAt: Date | null;
  firstResponseBy: 'leader' | 'staff' | null;
  /** When it left the backlog, and how. */
  closing: { at: Date; outcome: 'resolved' | 'referred' | 'not_actionable' | 'duplicate' } | null;
  surveys: { level: Level; recordedAt: Date }[];
};

export async function insertLeader(
  sql: Sql,
  fields: { name?: string; unit?: string; regionCode?: string; active?: boolean } = {},
): Promise<string> {
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO leaders (name, title, unit, region_code, weibo_uid, active)
     VALUES ($1, '公安局局长', $2, $3, $4, $5) RETURNING id`,
    [
      fields.name ?? '测试领导',
      fields.unit ?? 'A市公安局',
      fields.regionCode ?? '430100',
      String(2_000_000_000 + Math.floor(Math.random() * 1_000_000_000)),
      fields.active ?? true,
    ],
  );
  return rows[0].id;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export async function seedLeaderData(
  sql: Sql,
  leaderId: string,
  data: { posts: SeedPost[]; comments: SeedComment[]; cases: SeedCase[] },
): Promise<string[]> {
  if (data.posts.length > 0) {
    await sql.execute(
      `INSERT INTO posts (id, leader_id, mid, author_uid, text, html, created_at,
         comments_reported, comments_held, raw)
       SELECT r.id, $1::uuid, r.id, 'leader', '通报', '通报', r.created_at, r.reported, r.held, '{}'
       FROM jsonb_to_recordset($2::jsonb)
         AS r(id text, created_at timestamptz, reported int, held int)`,
      [
        leaderId,
        JSON.stringify(
          data.posts.map((p) => ({
            id: p.id,
            created_at: iso(p.createdAt),
            reported: p.reported,
            held: p.held,
          })),
        ),
      ],
    );
  }
  if (data.comments.length > 0) {
    const rows = data.comments.map((c) => ({
      id: c.id,
      post_id: c.postId,
      created_at: iso(c.createdAt),
      by_leader: c.byLeader,
      kind: c.kind,
      author_name: c.authorName ?? (c.byLeader ? '领导本人' : '市民张三'),
      author_uid: c.authorUid ?? (c.byLeader ? 'leader' : '5550001'),
    }));
    await sql.execute(
      `INSERT INTO comments (id, post_id, leader_id, root_id, author_uid, author_name, text, html,
         created_at, by_leader, raw)
       SELECT r.id, r.post_id, $1::uuid, r.id, r.author_uid, r.author_name, '留言', '留言',
         r.created_at, r.by_leader, '{}'
       FROM jsonb_to_recordset($2::jsonb)
         AS r(id text, post_id text, created_at timestamptz, by_leader boolean, author_uid text,
              author_name text)`,
      [leaderId, JSON.stringify(rows)],
    );
    await sql.execute(
      `INSERT INTO classifications (comment_id, leader_id, kind, category, actionable, score,
         matches, tokens, ruleset_version)
       SELECT r.id, $1::uuid, r.kind, 'public_order',
         r.kind IN ('complaint', 'help', 'inquiry', 'suggestion'), 1, '[]', '[]', 'test'
       FROM jsonb_to_recordset($2::jsonb) AS r(id text, kind text)
       WHERE r.kind IS NOT NULL`,
      [leaderId, JSON.stringify(rows.filter((r) => r.kind !== null))],
    );
  }
  const caseIds = data.cases.map(() => randomUUID());
  if (data.cases.length > 0) {
    const rows = data.cases.map((c, i) => ({
      id: caseIds[i],
      comment_id: c.commentId,
      status: caseStatus(c),
      outcome: c.closing?.outcome ?? null,
      opened_at: iso(c.openedAt),
      acknowledge_deadline: iso(c.acknowledgeDeadline),
      resolve_deadline: iso(new Date(c.openedAt.getTime() + 5 * 86_400_000)),
      first_response_at: iso(c.firstResponseAt),
      first_response_by: c.firstResponseBy,
      resolved_at: c.closing?.outcome === 'resolved' ? iso(c.closing.at) : null,
      closed_at: iso(c.closing?.at ?? null),
    }));
    await sql.execute(
      `INSERT INTO cases (id, leader_id, comment_id, status, outcome, kind, category, opened_at,
         acknowledge_deadline, resolve_deadline, first_response_at, first_response_by,
         resolved_at, closed_at)
       SELECT r.id, $1::uuid, r.comment_id, r.status, r.outcome, 'complaint', 'public_order',
         r.opened_at, r.acknowledge_deadline, r.resolve_deadline, r.first_response_at,
         r.first_response_by, r.resolved_at, r.closed_at
       FROM jsonb_to_recordset($2::jsonb)
         AS r(id uuid, comment_id text, status text, outcome text, opened_at timestamptz,
              acknowledge_deadline timestamptz, resolve_deadline timestamptz,
              first_response_at timestamptz, first_response_by text, resolved_at timestamptz,
              closed_at timestamptz)`,
      [leaderId, JSON.stringify(rows)],
    );
    // A staff response is a follow-up recorded through the API at that instant.
    const followUps = data.cases.flatMap((c, i) =>
      c.firstResponseBy === 'staff'
        ? [{ case_id: caseIds[i], recorded_at: iso(c.firstResponseAt) }]
        : [],
    );
    if (followUps.length > 0) {
      await sql.execute(
        `INSERT INTO follow_ups (case_id, type, text, evidence_url, actor, recorded_at)
         SELECT r.case_id, 'responded', '已电话联系当事人', 'https://example.org/evidence',
           'staff:test', r.recorded_at
         FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, recorded_at timestamptz)`,
        [JSON.stringify(followUps)],
      );
    }
    const surveys = data.cases.flatMap((c, i) =>
      c.surveys.map((s) => ({
        case_id: caseIds[i],
        level: s.level,
        score: SCORE_OF[s.level],
        recorded_at: iso(s.recordedAt),
      })),
    );
    if (surveys.length > 0) {
      await sql.execute(
        `INSERT INTO satisfaction_surveys (case_id, level, score, channel, actor, recorded_at)
         SELECT r.case_id, r.level, r.score, 'callback', 'staff:test', r.recorded_at
         FROM jsonb_to_recordset($1::jsonb)
           AS r(case_id uuid, level text, score int, recorded_at timestamptz)`,
        [JSON.stringify(surveys)],
      );
    }
  }
  return caseIds;
}

function caseStatus(c: SeedCase): 'open' | 'responded' | 'resolved' | 'closed' {
  if (c.closing) {
    return c.closing.outcome === 'resolved' ? 'resolved' : 'closed';
  }
  return c.firstResponseAt ? 'responded' : 'open';
}
