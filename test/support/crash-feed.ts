/**
 * A leader's feed for the tests that stop the service as a child process
 * (SIGKILL, SIGTERM) in the middle of a poll: the feed seeded into the fake
 * Weibo, the child's database opened from the test, and the child started on
 * it.
 *
 * On PGlite the child and the test cannot open the data directory together:
 * the test reads it only while no child runs.
 */
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import type { Sql } from '../../src/database/database';
import type { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import type { TestDatabase } from './test-database';

export const POSTS = 8;
export const COMMENTS_PER_POST = 25;
export const REPLIES_PER_THREAD = 12;
/** Every comment and reply of the feed: what a whole poll stores. */
export const FEED_COMMENTS = POSTS * (COMMENTS_PER_POST + REPLIES_PER_THREAD);
const HOUR = 3_600_000;

export interface Store {
  sql: Sql;
  close(): Promise<void>;
}

/** Opens the child's database from the test (PGlite: only while no child runs). */
export async function openStore(database: TestDatabase | null, dataDir: string): Promise<Store> {
  if (database) {
    const client = new Client({ connectionString: database.databaseUrl ?? '' });
    await client.connect();
    return {
      sql: {
        query: async <T>(sql: string, params: unknown[] = []) =>
          (await client.query(sql, params)).rows as T[],
        execute: async (sql: string, params: unknown[] = []) =>
          (await client.query(sql, params)).rowCount ?? 0,
        read: async <T>(sql: string, params: unknown[] = []) =>
          (await client.query(sql, params)).rows as T[],
        afterCommit: (action: () => void) => action(),
      },
      close: () => client.end(),
    };
  }
  // The service keeps its PGlite under MINSHENG_DATA_DIR/pglite.
  const db = await PGlite.create({ dataDir: join(dataDir, 'pglite') });
  return {
    sql: {
      query: async <T>(sql: string, params: unknown[] = []) =>
        (await db.query<T>(sql, params)).rows,
      execute: async (sql: string, params: unknown[] = []) =>
        (await db.query(sql, params)).affectedRows ?? 0,
      read: async <T>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows,
      afterCommit: (action: () => void) => action(),
    },
    close: () => db.close(),
  };
}

export function seedFeed(weibo: FakeWeibo, uid: string, prefix: string, now: Date): string[] {
  let serial = 0;
  const nextId = () => `${prefix}${String(++serial).padStart(6, '0')}`;
  weibo.addUser(uid, '平安E市');
  const postIds: string[] = [];
  for (let p = 0; p < POSTS; p++) {
    const postId = nextId();
    postIds.push(postId);
    const postAt = new Date(now.getTime() - (p + 1) * 24 * HOUR);
    weibo.addPost(uid, { id: postId, text: `第${p + 1}期警情通报`, createdAt: postAt });
    for (let c = 0; c < COMMENTS_PER_POST; c++) {
      const commentId = nextId();
      const at = new Date(postAt.getTime() + (c + 1) * 60_000);
      weibo.addComment(postId, {
        id: commentId,
        userId: String(8_300_000_000 + c),
        userName: `市民${c}`,
        text:
          c % 3 === 0
            ? '我要投诉，小区门口每天晚上都有人飙车炸街，吵得睡不着'
            : c % 3 === 1
              ? '接到自称公安局的电话让我转账到安全账户，是不是诈骗？求助'
              : '辛苦了，感谢民警同志',
        createdAt: at,
        likeCount: (c * 13) % 40,
      });
      if (c === 0) {
        for (let r = 0; r < REPLIES_PER_THREAD; r++) {
          weibo.addReply(commentId, {
            id: nextId(),
            userId: r === 2 ? uid : String(8_400_000_000 + r),
            userName: r === 2 ? '平安E市' : `网友${r}`,
            text: r === 2 ? '已安排民警联系您核实处理' : '同样的问题',
            createdAt: new Date(at.getTime() + (r + 1) * 60_000),
          });
        }
      }
    }
  }
  return postIds;
}

/** Polls `condition` every 5 ms until it holds. */
export async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The child's environment for one database: a PostgreSQL server's, or the PGlite data directory. */
export function serviceEnv(
  server: TestDatabase | null,
  dataDir: string,
  weiboUrl: string,
): Record<string, string> {
  return {
    WEIBO_BASE_URL: weiboUrl,
    WEIBO_MIN_INTERVAL_MS: '0',
    ...(server ? { DATABASE_URL: server.databaseUrl ?? '' } : { MINSHENG_DATA_DIR: dataDir }),
  };
}

/** Creates the leader of `uid` through the child's API. */
export async function createLeaderThrough(
  url: string,
  admin: { Authorization: string },
  uid: string,
): Promise<string> {
  const created = await fetch(`${url}/api/v1/leaders`, {
    method: 'POST',
    headers: { ...admin, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      name: '李平安',
      title: '公安局局长',
      unit: 'E市公安局',
      regionCode: '440300',
      weiboUid: uid,
    }),
  });
  if (created.status !== 201) {
    throw new Error(`leader not created: ${created.status} ${await created.text()}`);
  }
  return ((await created.json()) as { id: string }).id;
}
