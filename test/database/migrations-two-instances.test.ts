/**
 * Two instances booting at once against one empty database (SPEC 7 lets
 * several share one PostgreSQL): both come up, every migration is applied
 * exactly once, and the schema is whole. On the server each instance has its
 * own pool and the advisory lock lets one migrate while the other waits; on
 * the embedded engine the two share one PGlite session, as two pools on one
 * data directory in one process do.
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions, engineName } from '../../src/database/data-source-options';
import { migrate, MIGRATION_LOCK_KEY } from '../../src/database/migrate';
import { MIGRATIONS } from '../../src/database/migrations';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('migrations when two instances boot at once on an empty database', () => {
  let database: TestDatabase;
  let instances: DataSource[];

  beforeAll(async () => {
    database = await createTestDatabase();
    instances = [
      new DataSource(dataSourceOptions(database)),
      new DataSource(dataSourceOptions(database)),
    ];
    await Promise.all(instances.map((instance) => instance.initialize()));
  });

  afterAll(async () => {
    for (const instance of instances) {
      if (instance.isInitialized) {
        await instance.destroy();
      }
    }
    await database.drop();
  });

  it('applies each migration exactly once and both instances see the whole schema', async () => {
    const engine = engineName(database);
    await Promise.all(instances.map((instance) => migrate(instance, engine)));

    const applied = await instances[0].query<{ name: string; n: string }[]>(
      'SELECT name, count(*) AS n FROM schema_migrations GROUP BY name ORDER BY name',
    );
    expect(applied.map((row) => Number(row.n))).toEqual(MIGRATIONS.map(() => 1));
    expect(applied).toHaveLength(MIGRATIONS.length);
    for (const instance of instances) {
      expect(await instance.showMigrations()).toBe(false);
      const [cases] = await instance.query<{ n: string }[]>('SELECT count(*) AS n FROM cases');
      expect(Number(cases.n)).toBe(0);
    }
  });

  it('leaves no advisory lock held once both are up', async () => {
    if (engineName(database) === 'pglite') {
      // One session: a lock this process held would show as granted to itself.
      const rows = await instances[0].query<{ n: string }[]>(
        `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'`,
      );
      expect(Number(rows[0].n)).toBe(0);
      return;
    }
    const [{ free }] = await instances[1].query<{ free: boolean }[]>(
      'SELECT pg_try_advisory_lock($1::bigint) AS free',
      [MIGRATION_LOCK_KEY],
    );
    expect(free).toBe(true);
    await instances[1].query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
  });
});
