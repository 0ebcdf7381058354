import { CaseIntakeService } from '../../src/cases/case-intake.service';
import type { Classification } from '../../src/classification/rule-engine';
import type { Category, Kind } from '../../src/cases/case-types';
import { NO_SIGNALS } from '../../src/weibo/text-signals';
import type { TestApp } from '../support/test-app';

let nextId = 880_000_000_000 + Math.floor(Math.random() * 1_000_000);

export interface SeededCase {
  id: string;
  commentId: string;
}

/**
 * Opens a case the way ingestion does (CaseIntakeService.open in one transaction,
 * with its audit event), for a citizen comment written straight into the
 * store: the follow-up and audit suites need cases, not the classifier.
 */
export async function seedCase(
  t: TestApp,
  leader: { id: string; weiboUid: string },
  fields: Partial<{
    text: string;
    createdAt: Date;
    kind: Kind;
    category: Category;
    authorName: string;
    authorUid: string;
  }> = {},
): Promise<SeededCase> {
  const postId = String(nextId++);
  const commentId = String(nextId++);
  const createdAt = fields.createdAt ?? new Date('2025-03-03T01:00:00Z');
  const text = fields.text ?? '投诉：楼下烧烤店半夜还在营业，噪音扰民';
  const authorName = fields.authorName ?? '市民小李';
  const authorUid = fields.authorUid ?? '7000001';
  const kind = fields.kind ?? 'complaint';
  const category = fields.category ?? 'noise';
  const result: Classification = {
    kind,
    category,
    actionable: true,
    score: 3,
    matches: [],
    tokens: [],
    rulesetVersion: 'test',
  };
  await t.db.transaction(async (tx) => {
    await tx.execute(
      `INSERT INTO posts (id, leader_id, mid, author_uid, text, html, created_at, raw)
       VALUES ($1, $2, $1, $3, '通告', '通告', $4, '{}'::jsonb)`,
      [postId, leader.id, leader.weiboUid, createdAt],
    );
    await tx.execute(
      `INSERT INTO comments (id, post_id, leader_id, root_id, author_uid, author_name, text, html, created_at,
                             by_leader, raw)
       VALUES ($1, $2, $3, $1, $4, $5, $6, $6, $7, false, '{}'::jsonb)`,
      [commentId, postId, leader.id, authorUid, authorName, text, createdAt],
    );
    await tx.execute(
      `INSERT INTO classifications (comment_id, leader_id, kind, category, actionable, score, matches, tokens,
                                    ruleset_version)
       VALUES ($1, $2, $3, $4, true, 3, '[]'::jsonb, '[]'::jsonb, 'test')`,
      [commentId, leader.id, kind, category],
    );
    await t.app.get(CaseIntakeService).open(
      tx,
      { leaderId: leader.id, weiboUid: leader.weiboUid },
      {
        id: commentId,
        postId,
        leaderId: leader.id,
        rootId: commentId,
        parentId: null,
        authorUid,
        authorName,
        text,
        signals: NO_SIGNALS,
        createdAt,
        byLeader: false,
      },
      result,
    );
  });
  const [row] = await t.db.query<{ id: string }>(`SELECT id FROM cases WHERE comment_id = $1`, [
    commentId,
  ]);
  return { id: row.id, commentId };
}
