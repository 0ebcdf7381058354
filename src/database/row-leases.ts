import { leaseExpiry } from '../common/row-lease';
import type { Sql } from './database';

/** A table whose rows are leased: its name and key column; the lease is `lease_owner` + `lease_expires_at`. */
export interface LeasedTable {
  table: string;
  key: string;
}

/** A caller's SQL fragment and its parameters, numbered from $1 as if alone. */
export interface Fragment {
  sql: string;
  params?: unknown[];
}

/** The SET clause that frees a lease, for statements that end a row's work whoever holds it. */
export const LEASE_CLEARED = 'lease_owner = NULL, lease_expires_at = NULL';

const FREE = (at: string) =>
  `(lease_owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at < ${at})`;

/**
 * The one SQL adapter of row leases (rules in common/row-lease.ts): claim,
 * renew, release and the expired rows, every write fenced by the owner, the
 * time always the caller's (the injected clock), never the database's. The
 * repository that owns the table builds one for it; nobody else writes it.
 *
 * A caller's fragments number their parameters from $1; the adapter's own
 * parameters come after them.
 */
export class RowLeases {
  constructor(private readonly spec: LeasedTable) {}

  /**
   * Claims up to `limit` free rows matching `where`, in `orderBy` order,
   * with FOR UPDATE SKIP LOCKED: instances claiming at once never take the
   * same row, and none waits on another's. Returns the keys claimed.
   */
  async claimMany(
    sql: Sql,
    claim: {
      owner: string;
      at: Date;
      leaseMs: number;
      where: Fragment;
      orderBy: string;
      limit: number;
    },
  ): Promise<string[]> {
    const { table, key } = this.spec;
    const params = [...(claim.where.params ?? [])];
    const n = params.length;
    params.push(claim.owner, claim.at, leaseExpiry(claim.at, claim.leaseMs), claim.limit);
    const rows = await sql.query<{ key: string }>(
      `WITH candidates AS (
         SELECT ${key} FROM ${table}
         WHERE (${claim.where.sql}) AND ${FREE(`$${n + 2}`)}
         ORDER BY ${claim.orderBy}
         LIMIT $${n + 4}
         FOR UPDATE SKIP LOCKED
       )
       UPDATE ${table} t SET lease_owner = $${n + 1}, lease_expires_at = $${n + 3}
       FROM candidates WHERE t.${key} = candidates.${key}
       RETURNING t.${key} AS key`,
      params,
    );
    return rows.map((row) => row.key);
  }

  /**
   * Claims one row by key when its lease is free (or, with `reclaimOwn`,
   * already the owner's) and it matches `where`; `set` is written with the
   * claim. Waits for a transaction that holds the row, then decides on what
   * it committed. Returns the `returning` columns of the row claimed, none
   * when another holds it.
   */
  async claimOne<T = { key: string }>(
    sql: Sql,
    rowKey: string,
    claim: {
      owner: string;
      at: Date;
      leaseMs: number;
      reclaimOwn: boolean;
      where?: Fragment;
      set?: Fragment;
      returning?: string;
    },
  ): Promise<T[]> {
    const { table, key } = this.spec;
    const where = claim.where ?? { sql: 'true' };
    const params = [...(where.params ?? [])];
    const set = renumber(claim.set, params);
    const n = params.length;
    params.push(rowKey, claim.owner, claim.at, leaseExpiry(claim.at, claim.leaseMs));
    const own = claim.reclaimOwn ? ` OR lease_owner = $${n + 2}` : '';
    return sql.query<T>(
      `UPDATE ${table} SET lease_owner = $${n + 2}, lease_expires_at = $${n + 4}${set ? `, ${set}` : ''}
       WHERE ${key} = $${n + 1} AND (${where.sql}) AND (${FREE(`$${n + 3}`)}${own})
       RETURNING ${claim.returning ?? `${key} AS key`}`,
      params,
    );
  }

  /**
   * Extends the owner's lease from `at`; false when the owner no longer
   * holds it. Inside a transaction it also locks the row, which fences the
   * transaction's other writes: the caller rolls back when it is false.
   */
  async renew(
    sql: Sql,
    rowKey: string,
    owner: string,
    at: Date,
    leaseMs: number,
  ): Promise<boolean> {
    const { table, key } = this.spec;
    const touched = await sql.execute(
      `UPDATE ${table} SET lease_expires_at = $3 WHERE ${key} = $1 AND lease_owner = $2`,
      [rowKey, owner, leaseExpiry(at, leaseMs)],
    );
    return touched > 0;
  }

  /**
   * Frees the owner's lease, writing `set` with it (a checkpoint) when
   * `where` holds too; false when the owner no longer held it (nothing is
   * written then).
   */
  async release(
    sql: Sql,
    rowKey: string,
    owner: string,
    also: { set?: Fragment; where?: Fragment } = {},
  ): Promise<boolean> {
    const { table, key } = this.spec;
    const params: unknown[] = [];
    const set = renumber(also.set, params);
    const where = renumber(also.where, params);
    const n = params.length;
    params.push(rowKey, owner);
    const touched = await sql.execute(
      `UPDATE ${table} SET ${LEASE_CLEARED}${set ? `, ${set}` : ''}
       WHERE ${key} = $${n + 1} AND lease_owner = $${n + 2}${where ? ` AND (${where})` : ''}`,
      params,
    );
    return touched > 0;
  }

  /** Frees every lease the owner still holds (an instance shutting down); how many it freed. */
  releaseAll(sql: Sql, owner: string): Promise<number> {
    return sql.execute(`UPDATE ${this.spec.table} SET ${LEASE_CLEARED} WHERE lease_owner = $1`, [
      owner,
    ]);
  }

  /** The keys of rows matching `where` whose lease is free at `at`: never taken, or expired with their holder. */
  async free(sql: Sql, at: Date, where: Fragment, orderBy: string): Promise<string[]> {
    const { table, key } = this.spec;
    const params = [...(where.params ?? [])];
    params.push(at);
    const rows = await sql.query<{ key: string }>(
      `SELECT ${key} AS key FROM ${table} WHERE (${where.sql}) AND ${FREE(`$${params.length}`)}
       ORDER BY ${orderBy}`,
      params,
    );
    return rows.map((row) => row.key);
  }
}

/** Appends a fragment's parameters to `params` and renumbers its placeholders to match. */
function renumber(fragment: Fragment | undefined, params: unknown[]): string | null {
  if (!fragment) {
    return null;
  }
  const offset = params.length;
  params.push(...(fragment.params ?? []));
  return fragment.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}
