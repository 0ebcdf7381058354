/**
 * The embedded engine's memory settings (src/database/pglite-pool.ts): initdb
 * runs in a child process on an empty data directory, the service's own
 * PGlite opens the initialised directory with 16 MB of shared buffers, and
 * what it stores is there after a restart. On a machine with no server this
 * is the engine every newcomer runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needsInitdb, SerialPGlitePool } from '../../src/database/pglite-pool';

function query<T>(pool: SerialPGlitePool, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) =>
    pool.query(sql, [], (error: Error | null, result: { rows: unknown[] }) =>
      error ? reject(error) : resolve(result.rows as T[]),
    ),
  );
}

function end(pool: SerialPGlitePool): Promise<void> {
  return new Promise((resolve, reject) => pool.end((error) => (error ? reject(error) : resolve())));
}

describe('the embedded engine on a data directory', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'minsheng-embedded-'));
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('initialises an empty directory, opens it with small shared buffers, and keeps what it stored', async () => {
    const dataDir = join(scratch, 'pglite');
    expect(needsInitdb(dataDir)).toBe(true);
    const first = new SerialPGlitePool({ dataDir });
    expect(await query<{ shared_buffers: string }>(first, 'SHOW shared_buffers')).toEqual([
      { shared_buffers: '16MB' },
    ]);
    await query(first, 'CREATE TABLE kept (note text)');
    await query(first, "INSERT INTO kept VALUES ('民声')");
    await end(first);
    expect(needsInitdb(dataDir)).toBe(false);

    const again = new SerialPGlitePool({ dataDir });
    expect(await query<{ note: string }>(again, 'SELECT note FROM kept')).toEqual([
      { note: '民声' },
    ]);
    await end(again);
  });

  it('never runs initdb for an in-memory database', () => {
    expect(needsInitdb('memory://anything')).toBe(false);
  });
});
