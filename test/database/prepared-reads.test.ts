/**
 * Database.read and readWithSettings: the same rows as query(), settings
 * that hold for the one read and leave the pool's connections as they were,
 * a failed read that leaves no transaction open, and a text run again after
 * its first execution (a named statement on the server) still answering.
 */
import { Database } from '../../src/database/database';
import { startTestApp, type TestApp } from '../support/test-app';

describe('prepared reads', () => {
  let t: TestApp;
  let db: Database;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(Database);
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers as query() does, again and again, with different values', async () => {
    const text = `SELECT $1::int + 1 AS n, $2::text AS s, now() > $3::timestamptz AS later`;
    for (let i = 0; i < 12; i++) {
      const values = [i, `第${i}`, new Date('2020-01-01T00:00:00Z')];
      expect(await db.read(text, values)).toEqual(await db.query(text, values));
      expect(await db.read(text, values)).toEqual([{ n: i + 1, s: `第${i}`, later: true }]);
    }
  });

  it('still answers, with the new columns, after a migration changed a table it reads', async () => {
    await db.execute(`CREATE TABLE prepared_read_probe (id int)`);
    await db.execute(`INSERT INTO prepared_read_probe VALUES (1)`);
    const text = `SELECT * FROM prepared_read_probe WHERE id = $1`;
    // Every connection of the pool prepares it.
    await Promise.all(Array.from({ length: 12 }, () => db.read(text, [1])));
    await db.execute(`ALTER TABLE prepared_read_probe ADD COLUMN name text DEFAULT '甲'`);
    const after = await Promise.all(Array.from({ length: 12 }, () => db.read(text, [1])));
    for (const rows of after) {
      expect(rows).toEqual([{ id: 1, name: '甲' }]);
    }
    const settings = `SET LOCAL work_mem = '7MB'`;
    await Promise.all(Array.from({ length: 12 }, () => db.readWithSettings(settings, text, [1])));
    await db.execute(`ALTER TABLE prepared_read_probe ADD COLUMN unit text DEFAULT '乙'`);
    const later = await Promise.all(
      Array.from({ length: 12 }, () => db.readWithSettings(settings, text, [1])),
    );
    for (const rows of later) {
      expect(rows).toEqual([{ id: 1, name: '甲', unit: '乙' }]);
    }
    await db.execute(`DROP TABLE prepared_read_probe`);
  });

  it('reads under its settings, and the pool keeps its own', async () => {
    const before = await db.query<{ work_mem: string }>(`SHOW work_mem`);
    const inside = await db.readWithSettings<{ work_mem: string }>(
      `SET LOCAL work_mem = '7MB'`,
      `SELECT current_setting('work_mem') AS work_mem WHERE $1::int = 1`,
      [1],
    );
    expect(inside).toEqual([{ work_mem: '7MB' }]);
    // Every connection of the pool, not only the one that served the read.
    const after = await Promise.all(
      Array.from({ length: 12 }, () => db.query<{ work_mem: string }>(`SHOW work_mem`)),
    );
    for (const rows of after) {
      expect(rows).toEqual(before);
    }
  });

  it('leaves no transaction open after a read that fails', async () => {
    await expect(
      db.readWithSettings(`SET LOCAL work_mem = '7MB'`, `SELECT 1 / $1::int AS n`, [0]),
    ).rejects.toThrow(/division by zero/);
    // A connection left inside the failed transaction would refuse these.
    const states = await Promise.all(
      Array.from({ length: 12 }, () =>
        db.query<{ work_mem: string }>(`SELECT current_setting('work_mem') AS work_mem`),
      ),
    );
    for (const rows of states) {
      expect(rows[0].work_mem).not.toBe('7MB');
    }
    expect(
      await db.readWithSettings(`SET LOCAL work_mem = '7MB'`, `SELECT 10 / $1::int AS n`, [2]),
    ).toEqual([{ n: 5 }]);
  });
  it('plans a prepared read for its values every time, never with a generic plan', async () => {
    // A generic plan, adopted by PostgreSQL after five runs of a named
    // statement, fits the typical leader and takes seconds on the heaviest.
    const settings = await Promise.all(
      Array.from({ length: 20 }, () =>
        db.read<{ mode: string }>(`SELECT current_setting('plan_cache_mode') AS mode`),
      ),
    );
    const expected = db.engine === 'postgresql' ? 'force_custom_plan' : 'auto';
    expect(new Set(settings.map(([row]) => row.mode))).toEqual(new Set([expected]));
    const text = `SELECT count(*)::int AS n FROM generate_series(1, $1::int) g WHERE g > $2::int`;
    for (let i = 0; i < 12; i++) {
      expect(await db.read(text, [100, i])).toEqual([{ n: 100 - i }]);
    }
    if (db.engine === 'postgresql') {
      // Run one after another, the reads took one connection, which holds the statement.
      const [plans] = await db.read<{ generic: number; custom: number }>(
        `SELECT coalesce(sum(generic_plans), 0)::int AS generic, coalesce(sum(custom_plans), 0)::int AS custom
           FROM pg_prepared_statements WHERE statement = $1`,
        [text],
      );
      expect(plans).toEqual({ generic: 0, custom: 12 });
    }
  });
});
