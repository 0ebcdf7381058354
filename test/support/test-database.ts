import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DatabaseSettings } from '../../src/database/data-source-options';

/**
 * Each test suite gets a database of its own: a scratch database on the
 * PostgreSQL server when DATABASE_URL is set (CI), or a fresh embedded
 * PGlite in memory otherwise. Nothing is mocked.
 */
export interface TestDatabase extends DatabaseSettings {
  engine: 'postgresql' | 'pglite';
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    return {
      engine: 'pglite',
      databaseUrl: null,
      dataDir: `memory://minsheng-${randomUUID()}`,
      drop: () => Promise.resolve(),
    };
  }
  const name = `minsheng_test_${randomUUID().replace(/-/g, '')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    engine: 'postgresql',
    databaseUrl: url.toString(),
    dataDir: '',
    drop: async () => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
