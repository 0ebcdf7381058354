import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { DataSourceOptions } from 'typeorm';
import { SerialPGlitePool } from './pglite-pool';
import { MIGRATIONS } from './migrations';
import { SERVER_TYPE_PARSERS } from './pg-type-parsers';

export interface DatabaseSettings {
  databaseUrl: string | null;
  dataDir: string;
}

/**
 * The one place that chooses the engine: a PostgreSQL server when
 * DATABASE_URL is set, otherwise the embedded PGlite in the data directory
 * (`memory://` keeps it in memory, for tests). Same migrations, same SQL.
 */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    entities: [],
  };
  if (settings.databaseUrl) {
    return {
      ...common,
      url: settings.databaseUrl,
      extra: {
        max: 10,
        types: SERVER_TYPE_PARSERS,
        // Prepared reads (Database.read) are planned for their values every
        // time: a generic plan, which PostgreSQL adopts after five runs, is
        // chosen for the typical leader and takes seconds on the one with a
        // hundred thousand cases. What they save is the parse, not the plan.
        options: '-c plan_cache_mode=force_custom_plan',
      },
      parseInt8: true,
    };
  }
  const dataDir = settings.dataDir.startsWith('memory://')
    ? settings.dataDir
    : ensureDirectory(join(settings.dataDir, 'pglite'));
  return { ...common, driver: { Pool: SerialPGlitePool }, extra: { dataDir } };
}

function ensureDirectory(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}

export function engineName(settings: DatabaseSettings): 'postgresql' | 'pglite' {
  return settings.databaseUrl ? 'postgresql' : 'pglite';
}
