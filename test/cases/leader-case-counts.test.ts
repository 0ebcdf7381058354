/**
 * leader_case_counts, kept by the database's triggers, is what the
 * unfiltered backlog reports as its total: it must equal a count of the
 * leader's cases after every way cases change (intake, a statement over
 * several leaders, a case moved to another leader, a delete), and a change
 * rolled back must leave it as it was.
 */
import type { Sql } from '../../src/database/database';
import { createLeader, startTestApp, type TestApp } from '../support/test-app';
import { seedCase } from './case-seed';

describe('the per-leader count of cases', () => {
  let t: TestApp;
  let a: { id: string; weiboUid: string };
  let b: { id: string; weiboUid: string };

  beforeAll(async () => {
    t = await startTestApp();
    a = await createLeader(t);
    b = await createLeader(t);
  });

  afterAll(async () => {
    await t.close();
  });

  /** Each leader's kept count next to a count of its cases. */
  async function counts() {
    return t.db.query<{ leader_id: string; kept: number | null; counted: number }>(
      `SELECT l.id AS leader_id, k.cases AS kept,
              (SELECT count(*)::int FROM cases c WHERE c.leader_id = l.id) AS counted
       FROM leaders l LEFT JOIN leader_case_counts k ON k.leader_id = l.id
       WHERE l.id = ANY($1::uuid[]) ORDER BY l.id`,
      [[a.id, b.id]],
    );
  }

  async function expectKept(expected: Record<string, number>) {
    const rows = await counts();
    for (const row of rows) {
      expect({ leader: row.leader_id, kept: row.kept ?? 0 }).toEqual({
        leader: row.leader_id,
        kept: row.counted,
      });
      expect(row.counted).toBe(expected[row.leader_id]);
    }
  }

  /** Cases written straight into the store by one statement, as a seed or a repair would. */
  async function rawCases(sql: Sql, leader: { id: string }, n: number): Promise<void> {
    await sql.execute(
      `WITH made AS (
         INSERT INTO comments (id, post_id, leader_id, root_id, author_uid, author_name, text, html,
                               created_at, by_leader, raw)
         SELECT 'raw' || $2::text || '-' || g, p.id, $1, 'raw' || $2::text || '-' || g, '1', '市民', '投诉',
                '投诉', now(), false, '{}'::jsonb
         FROM generate_series(1, $3::int) g, (SELECT id FROM posts WHERE leader_id = $1 LIMIT 1) p
         RETURNING id)
       INSERT INTO cases (leader_id, comment_id, status, kind, category, opened_at, acknowledge_deadline,
                          resolve_deadline)
       SELECT $1, id, 'open', 'complaint', 'noise', now(), now() + interval '1 day', now() + interval '5 days'
       FROM made`,
      [leader.id, `${leader.id.slice(0, 8)}-${Date.now()}`, n],
    );
  }

  it('counts the cases intake opens, per leader', async () => {
    for (let i = 0; i < 3; i++) {
      await seedCase(t, a);
    }
    await seedCase(t, b);
    await expectKept({ [a.id]: 3, [b.id]: 1 });
  });

  it('counts a statement that writes many cases at once', async () => {
    await rawCases(t.db, a, 5);
    await rawCases(t.db, b, 2);
    await expectKept({ [a.id]: 8, [b.id]: 3 });
  });

  it('moves the count with a case moved to another leader', async () => {
    await t.db.execute(
      `UPDATE cases SET leader_id = $2
       WHERE id = (SELECT id FROM cases WHERE leader_id = $1 AND comment_id NOT LIKE 'raw%' LIMIT 1)`,
      [a.id, b.id],
    );
    await expectKept({ [a.id]: 7, [b.id]: 4 });
    await t.db.execute(`UPDATE cases SET status = 'responded' WHERE leader_id = $1`, [b.id]);
    await expectKept({ [a.id]: 7, [b.id]: 4 });
  });

  it('takes deleted cases off, and keeps nothing of a change rolled back', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await rawCases(tx, a, 1);
        await tx.execute(`DELETE FROM cases WHERE leader_id = $1 AND comment_id LIKE 'raw%'`, [
          a.id,
        ]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await expectKept({ [a.id]: 7, [b.id]: 4 });
    await t.db.execute(`DELETE FROM cases WHERE leader_id = $1 AND comment_id LIKE 'raw%'`, [b.id]);
    await expectKept({ [a.id]: 7, [b.id]: 2 });
  });
});
