import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite, types } from '@electric-sql/pglite';

/**
 * The embedded engine's memory settings. WebAssembly memory only grows, so
 * what PostgreSQL touches once stays resident for the life of the process:
 * 128 MB of shared buffers (PGlite's default) is resident after the first
 * scans, while one session on a newcomer's data needs far less. 16 MB keeps
 * the working set of a demo or a small deployment cached (measured: about
 * 125 MB less resident memory, no measurable change in the HTTP benchmark).
 */
export const EMBEDDED_SETTINGS: readonly string[] = ['-c', 'shared_buffers=16MB'];

/** A directory that holds no cluster yet: PGlite would run initdb in it. */
export function needsInitdb(dataDir: string): boolean {
  return !dataDir.startsWith('memory://') && !existsSync(join(dataDir, 'PG_VERSION'));
}

/**
 * initdb in a short-lived child process. Run in-process it grows the WASM
 * heap by about 500 MB that is never given back; in a child the memory goes
 * when the child exits, and the service opens the initialised directory.
 */
async function initdbInChildProcess(dataDir: string): Promise<void> {
  const pglite = require.resolve('@electric-sql/pglite');
  const script = `const { PGlite } = require(${JSON.stringify(pglite)});
PGlite.create({ dataDir: process.argv[1] }).then((db) => db.close()).catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(1);
});`;
  await promisify(execFile)(process.execPath, ['-e', script, dataDir], {
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}

type Callback<T> = (error: Error | null, result: T) => void;
type Release = (error?: unknown) => void;

interface SharedInstance {
  db: Promise<PGlite>;
  users: number;
  /** Settles when the session is free: the tail of the line of waiting query runners. */
  queue: Promise<void>;
}

interface QueryResultLike {
  rows: unknown[];
  affectedRows?: number;
}

/**
 * A `pg.Pool` look-alike over one PGlite instance, for TypeORM's postgres
 * driver. PGlite is a single session, so two TypeORM query runners must never
 * share it at the same time: a transaction of one request would swallow the
 * statements of another. Each `connect` therefore takes the one session
 * exclusively until TypeORM releases it: the embedded engine behaves like a
 * server pool of size one.
 */
export class SerialPGlitePool extends EventEmitter {
  private static shared = new Map<string, SharedInstance>();
  private readonly dataDir: string;

  constructor(options: { dataDir?: string }) {
    super();
    this.dataDir = options.dataDir ?? 'memory://';
    const entry = SerialPGlitePool.shared.get(this.dataDir);
    if (entry) {
      entry.users += 1;
    } else {
      SerialPGlitePool.shared.set(this.dataDir, {
        db: SerialPGlitePool.open(this.dataDir),
        users: 1,
        queue: Promise.resolve(),
      });
    }
  }

  /**
   * One PGlite per data directory and process (PGlite cannot open one
   * directory twice); pools on the same directory share it, as several
   * service instances share one server.
   */
  private static async open(dataDir: string): Promise<PGlite> {
    if (needsInitdb(dataDir)) {
      await initdbInChildProcess(dataDir);
    }
    return PGlite.create({
      dataDir,
      startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS],
      serializers: {
        [types.BOOL]: (v: unknown) => (v === true || v === 'true' ? 'TRUE' : 'FALSE'),
      },
    });
  }

  private instance(): Promise<PGlite> {
    const entry = SerialPGlitePool.shared.get(this.dataDir);
    if (!entry) {
      return Promise.reject(new Error('the embedded database is closed'));
    }
    return entry.db;
  }

  connect(callback: (error: Error | null, client: unknown, release: Release) => void): void {
    let unlock!: () => void;
    const turn = new Promise<void>((resolve) => (unlock = resolve));
    const entry = SerialPGlitePool.shared.get(this.dataDir);
    const previous = entry ? entry.queue : Promise.resolve();
    if (entry) {
      entry.queue = previous.then(() => turn);
    }
    previous
      .then(() => this.instance())
      .then((db) => {
        let released = false;
        const client = new PGliteClient(db);
        callback(null, client, () => {
          if (!released) {
            released = true;
            unlock();
          }
        });
      })
      .catch((error: Error) => {
        unlock();
        callback(error, null, () => undefined);
      });
  }

  query(
    sql: string,
    params: unknown[] | Callback<QueryResultLike>,
    callback?: Callback<QueryResultLike>,
  ): void {
    const cb = typeof params === 'function' ? params : callback;
    const values = typeof params === 'function' ? undefined : params;
    this.connect((error, client, release) => {
      if (error) {
        cb?.(error, { rows: [] });
        return;
      }
      void (client as PGliteClient).query(sql, values ?? [], (queryError, result) => {
        release();
        cb?.(queryError, result);
      });
    });
  }

  end(callback?: (error?: Error) => void): void {
    const entry = SerialPGlitePool.shared.get(this.dataDir);
    if (!entry || --entry.users > 0) {
      callback?.();
      return;
    }
    SerialPGlitePool.shared.delete(this.dataDir);
    entry.db
      .then((instance) => instance.close())
      .then(() => callback?.())
      .catch((error: Error) => callback?.(error));
  }
}

class PGliteClient extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  /** Promise style (what TypeORM's query runner uses) and callback style. */
  query(
    sql: string,
    params?: unknown[] | Callback<QueryResultLike>,
    callback?: Callback<QueryResultLike>,
  ) {
    const cb = typeof params === 'function' ? params : callback;
    const values = typeof params === 'function' ? [] : (params ?? []);
    const run: Promise<QueryResultLike> = (
      values.length > 0
        ? this.db.query(sql, values)
        : this.db.exec(sql).then((results) => results[results.length - 1] ?? { rows: [] })
    ).then((result) => ({ ...result, rowCount: result.affectedRows ?? result.rows.length }));
    if (!cb) {
      return run;
    }
    run.then(
      (result) => cb(null, result),
      (error: Error) => cb(error, { rows: [] }),
    );
    return undefined;
  }

  release(): void {
    // Released through the callback handed out by connect().
  }
}
