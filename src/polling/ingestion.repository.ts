import { Injectable } from '@nestjs/common';
import type { Sql } from '../database/database';
import type { WeiboComment, WeiboPost } from '../weibo/weibo-types';
import type { StoredComment } from '../cases/message-sink';
import { NO_SIGNALS, storedSignals } from '../weibo/text-signals';

/** What storing a post's comments did: the new ones, and those that could not be stored. */
export interface CommentsStored {
  stored: StoredComment[];
  failed: { id: string; reason: string }[];
}

interface InsertedComment {
  id: string;
  post_id: string;
  root_id: string;
  parent_id: string | null;
  author_uid: string;
  author_name: string;
  text: string;
  text_signals: unknown;
  created_at: Date;
  by_leader: boolean;
}

/** Posts and comments keyed by their Weibo ids: storing the same data twice changes nothing. */
@Injectable()
export class IngestionRepository {
  async upsertPost(tx: Sql, leaderId: string, post: WeiboPost, readAt: Date): Promise<boolean> {
    const rows = await tx.query<{ inserted: boolean }>(
      `INSERT INTO posts (id, leader_id, mid, bid, author_uid, text, html, created_at, is_long_text, pinned,
                          comments_reported, reposts_count, attitudes_count, raw, raw_source, first_seen_at, last_read_at,
                          text_signals)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $16, $15, $15, $17::jsonb)
       ON CONFLICT (id) DO UPDATE SET
         text = EXCLUDED.text, text_signals = EXCLUDED.text_signals, html = EXCLUDED.html, pinned = EXCLUDED.pinned, comments_reported = EXCLUDED.comments_reported,
         reposts_count = EXCLUDED.reposts_count, attitudes_count = EXCLUDED.attitudes_count,
         last_read_at = EXCLUDED.last_read_at
       RETURNING (xmax = 0) AS inserted`,
      [
        post.id,
        leaderId,
        post.mid,
        post.bid,
        post.authorUid,
        post.text,
        post.html,
        post.createdAt,
        post.isLongText,
        post.pinned,
        post.commentsCount,
        post.repostsCount,
        post.attitudesCount,
        JSON.stringify(post.raw ?? null),
        readAt,
        post.rawSource,
        JSON.stringify(post.signals),
      ],
    );
    return rows[0].inserted;
  }

  /**
   * Inserts the comments not yet held and returns those that were new. One
   * statement for the lot; should it fail (a comment the database refuses),
   * the batch is rolled back to its savepoint and the comments go in one by
   * one, each in a savepoint of its own, so one bad comment costs only
   * itself and never the rest of its post.
   */
  async insertNewComments(
    tx: Sql,
    leaderId: string,
    leaderUid: string,
    postId: string,
    comments: WeiboComment[],
    readAt: Date,
  ): Promise<CommentsStored> {
    if (comments.length === 0) {
      return { stored: [], failed: [] };
    }
    const batch = await inSavepoint(tx, 'comments_batch', () =>
      this.insertComments(tx, leaderId, leaderUid, postId, comments, readAt),
    );
    if (batch.ok) {
      return { stored: batch.value, failed: [] };
    }
    const result: CommentsStored = { stored: [], failed: [] };
    for (const comment of comments) {
      const one = await inSavepoint(tx, 'comments_one', () =>
        this.insertComments(tx, leaderId, leaderUid, postId, [comment], readAt),
      );
      if (one.ok) {
        result.stored.push(...one.value);
      } else {
        result.failed.push({ id: comment.id, reason: one.reason });
      }
    }
    return result;
  }

  private async insertComments(
    tx: Sql,
    leaderId: string,
    leaderUid: string,
    postId: string,
    comments: WeiboComment[],
    readAt: Date,
  ): Promise<StoredComment[]> {
    const records = comments.map((c) => ({
      id: c.id,
      root_id: c.rootId,
      parent_id: c.parentId,
      author_uid: c.authorUid,
      author_name: c.authorName,
      text: c.text,
      text_signals: c.signals,
      html: c.html,
      created_at: c.createdAt.toISOString(),
      source: c.source,
      like_count: c.likeCount,
      reply_count: c.replyCount,
      raw: c.raw ?? null,
      raw_source: c.rawSource,
    }));
    const rows = await tx.query<InsertedComment>(
      `INSERT INTO comments (id, post_id, leader_id, root_id, parent_id, author_uid, author_name, text, html,
                             created_at, source, like_count, reply_count, by_leader, raw, raw_source, first_seen_at,
                             text_signals)
       SELECT r.id, $2, $3, r.root_id, r.parent_id, r.author_uid, coalesce(r.author_name, ''), r.text, r.html,
              r.created_at, r.source, coalesce(r.like_count, 0), coalesce(r.reply_count, 0),
              r.author_uid = $4, coalesce(r.raw, 'null'::jsonb), r.raw_source, $5, r.text_signals
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, root_id text, parent_id text, author_uid text,
            author_name text, text text, html text, created_at timestamptz, source text, like_count integer,
            reply_count integer, raw jsonb, raw_source text, text_signals jsonb)
       ON CONFLICT (id) DO NOTHING
       RETURNING id, post_id, root_id, parent_id, author_uid, author_name, text, text_signals, created_at, by_leader`,
      [JSON.stringify(records), postId, leaderId, leaderUid, readAt],
    );
    return rows.map((row) => ({
      id: row.id,
      postId: row.post_id,
      leaderId,
      rootId: row.root_id,
      parentId: row.parent_id,
      authorUid: row.author_uid,
      authorName: row.author_name,
      text: row.text,
      signals: storedSignals(row.text_signals, row.text) ?? NO_SIGNALS,
      createdAt: row.created_at,
      byLeader: row.by_leader,
    }));
  }

  /** Coverage: how many of the comments Weibo reports for the post are held. */
  async refreshCoverage(tx: Sql, postId: string): Promise<void> {
    await tx.execute(
      `UPDATE posts SET comments_held = (SELECT count(*) FROM comments WHERE post_id = $1) WHERE id = $1`,
      [postId],
    );
  }
}

type Attempt<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Runs `work` inside a savepoint of the open transaction: on failure the
 * transaction is rolled back to the savepoint, stays usable, and the reason
 * is returned instead of thrown.
 */
async function inSavepoint<T>(tx: Sql, name: string, work: () => Promise<T>): Promise<Attempt<T>> {
  await tx.execute(`SAVEPOINT ${name}`);
  try {
    const value = await work();
    await tx.execute(`RELEASE SAVEPOINT ${name}`);
    return { ok: true, value };
  } catch (error) {
    await tx.execute(`ROLLBACK TO SAVEPOINT ${name}`);
    await tx.execute(`RELEASE SAVEPOINT ${name}`);
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
