import type { DataSource } from 'typeorm';

/**
 * The advisory-lock key under which instances apply migrations: the first
 * 8 bytes of sha256('minsheng.migrations') as a signed bigint, so it cannot
 * meet another application's small integer keys by accident.
 */
export const MIGRATION_LOCK_KEY = '-3832699842914103812';

/**
 * Applies pending migrations. Several instances may boot against one
 * PostgreSQL server at once (SPEC 7): each takes a session-level advisory
 * lock first, so one applies the migrations while the others wait, then find
 * nothing pending. The embedded engine is one session in one process (PGlite
 * cannot open a directory twice, and its pool serialises every query), so it
 * needs no lock, and holding one would wait on itself.
 */
export async function migrate(
  dataSource: DataSource,
  engine: 'postgresql' | 'pglite',
): Promise<void> {
  if (engine === 'pglite') {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
