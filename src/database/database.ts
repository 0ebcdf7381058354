import type { Pool } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** What a repository needs to run SQL: the pool, or one open transaction. */
export interface Sql {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a statement and returns the number of rows it touched. */
  execute(sql: string, params?: unknown[]): Promise<number>;
  /**
   * A read of the API's hot paths: on the pool of the server a prepared
   * statement (Database.read), in a transaction the same as query().
   */
  read<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs `action` once what this Sql wrote is committed: in a transaction
   * after its COMMIT (never when it rolls back), on the pool at once.
   */
  afterCommit(action: () => void): void;
}

class RunnerSql implements Sql {
  private readonly committed: (() => void)[] = [];

  constructor(private readonly runner: QueryRunner) {}

  afterCommit(action: () => void): void {
    this.committed.push(action);
  }

  /** The transaction committed: run what waited for it. */
  runCommitted(): void {
    for (const action of this.committed.splice(0)) {
      action();
    }
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.runner.query(sql, params, true);
    return (result.records ?? []) as T[];
  }

  async execute(sql: string, params: unknown[] = []): Promise<number> {
    const result = await this.runner.query(sql, params, true);
    return result.affected ?? 0;
  }

  read<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.query<T>(sql, params);
  }
}

/**
 * PostgreSQL refuses to run a prepared statement whose result columns a
 * migration has changed since (a column added to a table it selects `*` of).
 */
function isStalePlan(error: unknown): boolean {
  return (
    (error as { code?: unknown } | null)?.code === '0A000' &&
    /cached plan must not change result type/.test(String((error as Error).message))
  );
}

/** Past this many names, read() runs a new text unnamed: a text that embeds its values would otherwise grow the table. */
const MAX_PREPARED = 64;

/**
 * The single adapter between the service and PostgreSQL (server or PGlite).
 * Repositories take an `Sql`, so one transaction can span several of them.
 */
export class Database implements Sql {
  /** The name each read() text was prepared under, on every connection of the pool. */
  private readonly prepared = new Map<string, string>();
  /** Names are never reused: a connection refuses a known name with another text. */
  private named = 0;

  constructor(
    readonly dataSource: DataSource,
    readonly engine: 'postgresql' | 'pglite',
  ) {}

  /**
   * A read on the hot path of the API (the key of every request, the
   * backlog page). On the server it runs on the pool directly as a named
   * statement: parsed and planned by each connection once, not on every
   * request, and without a TypeORM query runner around it. The embedded
   * engine runs it as query() does. The text must take its values as
   * parameters, so that the statements stay few.
   */
  async read<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (this.engine !== 'postgresql') {
      return this.query<T>(sql, params);
    }
    try {
      const result = await this.pool().query({
        name: this.statementName(sql),
        text: sql,
        values: params,
      });
      return result.rows as T[];
    } catch (error) {
      if (!isStalePlan(error)) {
        throw error;
      }
      // A migration changed a table under a prepared `SELECT c.*`: the text
      // is prepared afresh under a new name, on every connection.
      this.prepared.delete(sql);
      const result = await this.pool().query({ text: sql, values: params });
      return result.rows as T[];
    }
  }

  /** The name a read's text is prepared under; none (unnamed) past MAX_PREPARED names. */
  private statementName(sql: string): string | undefined {
    let name = this.prepared.get(sql);
    if (name === undefined && this.named < MAX_PREPARED) {
      this.named += 1;
      name = `minsheng_read_${this.named}`;
      this.prepared.set(sql, name);
    }
    return name;
  }

  private pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }

  /**
   * A read() under planner settings of its own (`SET LOCAL ...`, no
   * parameters), in a transaction of its own. On the server the transaction
   * begins and takes its settings in one round trip and the read is a
   * prepared statement: three round trips in all instead of four.
   */
  async readWithSettings<T = Record<string, unknown>>(
    settings: string,
    sql: string,
    params: unknown[] = [],
  ): Promise<T[]> {
    if (this.engine !== 'postgresql') {
      return this.transaction(async (tx) => {
        await tx.execute(settings);
        return tx.query<T>(sql, params);
      });
    }
    try {
      return await this.settingsRead<T>(settings, sql, params, this.statementName(sql));
    } catch (error) {
      if (!isStalePlan(error)) {
        throw error;
      }
      this.prepared.delete(sql);
      return this.settingsRead<T>(settings, sql, params, undefined);
    }
  }

  private async settingsRead<T>(
    settings: string,
    sql: string,
    params: unknown[],
    name: string | undefined,
  ): Promise<T[]> {
    const client = await this.pool().connect();
    // A connection that cannot even roll back is closed, not returned to the pool.
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN; ${settings}`);
      const result = await client.query({ name, text: sql, values: params });
      await client.query('COMMIT');
      return result.rows as T[];
    } catch (error) {
      await client.query('ROLLBACK').catch((failed: unknown) => {
        broken = failed instanceof Error ? failed : new Error(String(failed));
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.withRunner((runner) => new RunnerSql(runner).query<T>(sql, params));
  }

  async execute(sql: string, params: unknown[] = []): Promise<number> {
    return this.withRunner((runner) => new RunnerSql(runner).execute(sql, params));
  }

  afterCommit(action: () => void): void {
    action();
  }

  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return this.withRunner(async (runner) => {
      await runner.startTransaction();
      try {
        const tx = new RunnerSql(runner);
        const result = await work(tx);
        await runner.commitTransaction();
        tx.runCommitted();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) {
          await runner.rollbackTransaction();
        }
        throw error;
      }
    });
  }

  private async withRunner<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await work(runner);
    } finally {
      await runner.release();
    }
  }
}
