import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { ThreadReply } from './case-thread';

/** How many replies one case page shows; a thread longer than this shows its first ones. */
export const THREAD_LIMIT = 500;

/** Reads the stored replies under a citizen's comment (comments are polling's; cases only reads them). */
@Injectable()
export class CaseThreadRepository {
  constructor(private readonly db: Database) {}

  async repliesUnder(commentId: string): Promise<ThreadReply[]> {
    const rows = await this.db.read<{
      id: string;
      parent_id: string | null;
      author_name: string;
      author_uid: string;
      by_leader: boolean;
      text: string;
      created_at: Date;
      withdrawn_at: Date | null;
    }>(
      `SELECT id, parent_id, author_name, author_uid, by_leader, text, created_at, withdrawn_at
         FROM comments WHERE root_id = $1 AND id <> $1
        ORDER BY created_at, id LIMIT ${THREAD_LIMIT}`,
      [commentId],
    );
    return rows.map((row) => ({
      weiboId: row.id,
      parentId: row.parent_id === commentId ? null : row.parent_id,
      authorName: row.author_name,
      authorUid: row.author_uid,
      byLeader: row.by_leader,
      text: row.text,
      createdAt: row.created_at,
      withdrawnAt: row.withdrawn_at,
    }));
  }
}
