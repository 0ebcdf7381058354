/**
 * A seeded benchmark database on the PostgreSQL server, kept between runs:
 * named after its scale, seeded once (bench-seed.ts), migrated on every
 * open so new indexes apply. `BENCH_RESEED=1` seeds it again.
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Database } from '../src/database/database';
import { dataSourceOptions } from '../src/database/data-source-options';
import { seedStatements } from './bench-seed';

export interface BenchDatabase {
  url: string;
  db: Database;
  close(): Promise<void>;
}

export async function openSeededDatabase(
  serverUrl: string,
  prefix: string,
  leaders: number,
  cases: number,
  log: (line: string) => void,
): Promise<BenchDatabase> {
  const name = `${prefix}_${leaders}_${cases}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const exists =
    (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1;
  let seeded = false;
  if (exists && process.env.BENCH_RESEED !== '1') {
    const probe = new Client({ connectionString: url.toString() });
    await probe.connect();
    seeded =
      (
        await probe.query(
          `SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'bench_seeded'`,
        )
      ).rowCount === 1;
    await probe.end();
  }
  if (!seeded) {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  }
  await admin.end();

  const dataSource = new DataSource(
    dataSourceOptions({ databaseUrl: url.toString(), dataDir: '' }),
  );
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const db = new Database(dataSource, 'postgresql');
  if (seeded) {
    log(`reusing the seeded database ${name}`);
    // As autovacuum would have by now: statistics and visibility map current.
    await db.execute('VACUUM ANALYZE cases, comments, classifications, satisfaction_surveys');
  } else {
    log(`seeding ${name}: ${leaders} leaders, ${cases} cases (once; kept for later runs)`);
    const started = Date.now();
    await db.transaction(async (tx) => {
      for (const [label, sql] of seedStatements(leaders, cases)) {
        const t0 = Date.now();
        await tx.execute(sql);
        log(`  seed ${label.padEnd(16)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`);
      }
      // Every seeded leader has a feed row, as the API would have made it.
      await tx.execute(
        `INSERT INTO feeds (leader_id, status, next_poll_at)
         SELECT id, 'ok', '2100-01-01T00:00:00Z' FROM leaders ON CONFLICT DO NOTHING`,
      );
      await tx.execute(`CREATE TABLE bench_seeded (at timestamptz NOT NULL DEFAULT now())`);
    });
    await db.execute('VACUUM ANALYZE');
    log(`  seed total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return { url: url.toString(), db, close: () => dataSource.destroy() };
}
