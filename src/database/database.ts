import type { DataSource, QueryRunner } from 'typeorm';

/** What a repository needs to run SQL: the pool, or one open transaction. */
export interface Sql {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a statement and returns the number of rows it touched. */
  execute(sql: string, params?: unknown[]): Promise<number>;
}

class RunnerSql implements Sql {
  constructor(private readonly runner: QueryRunner) {}

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.runner.query(sql, params, true);
    return (result.records ?? []) as T[];
  }

  async execute(sql: string, params: unknown[] = []): Promise<number> {
    const result = await this.runner.query(sql, params, true);
    return result.affected ?? 0;
  }
}

/**
 * The single adapter between the service and PostgreSQL (server or PGlite).
 * Repositories take an `Sql`, so one transaction can span several of them.
 */
export class Database implements Sql {
  constructor(
    readonly dataSource: DataSource,
    readonly engine: 'postgresql' | 'pglite',
  ) {}

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.withRunner((runner) => new RunnerSql(runner).query<T>(sql, params));
  }

  async execute(sql: string, params: unknown[] = []): Promise<number> {
    return this.withRunner((runner) => new RunnerSql(runner).execute(sql, params));
  }

  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return this.withRunner(async (runner) => {
      await runner.startTransaction();
      try {
        const result = await work(new RunnerSql(runner));
        await runner.commitTransaction();
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
