import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '../database/database';
import { LEASE_CLEARED, RowLeases } from '../database/row-leases';
import { LeaderFeeds } from '../leaders/leader-feeds';

/** Active feeds: total = ok + failing + empty + pending; due counts those whose next poll has come. */
export interface FeedCounts {
  total: number;
  ok: number;
  failing: number;
  /** Weibo answered, with nothing where the account should be (SPEC 2: ok:0, an empty page). */
  empty: number;
  pending: number;
  due: number;
}

export type FeedStatus = 'pending' | 'ok' | 'failing' | 'empty' | 'inactive';

export interface FeedState {
  leaderId: string;
  weiboUid: string;
  status: FeedStatus;
  nextPollAt: Date;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  consecutiveFailures: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  lastSuccessAt: Date | null;
  backoffUntil: Date | null;
  backfilledAt: Date | null;
  polls: number;
}

interface FeedRow {
  leader_id: string;
  weibo_uid: string;
  status: FeedStatus;
  next_poll_at: Date;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  consecutive_failures: number;
  last_error: string | null;
  last_error_at: Date | null;
  last_success_at: Date | null;
  backoff_until: Date | null;
  backfilled_at: Date | null;
  polls: number;
}

function toState(row: FeedRow): FeedState {
  return {
    leaderId: row.leader_id,
    weiboUid: row.weibo_uid,
    status: row.status,
    nextPollAt: row.next_poll_at,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    consecutiveFailures: row.consecutive_failures,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    lastSuccessAt: row.last_success_at,
    backoffUntil: row.backoff_until,
    backfilledAt: row.backfilled_at,
    polls: row.polls,
  };
}

const RETURNING = `f.leader_id, l.weibo_uid, f.status, f.next_poll_at, f.lease_owner, f.lease_expires_at,
  f.consecutive_failures, f.last_error, f.last_error_at, f.last_success_at, f.backoff_until, f.backfilled_at, f.polls`;

/**
 * Feed state lives on the feed's row. A poller holds a feed through a lease
 * (owner + expiry, database/row-leases.ts): claimed with FOR UPDATE SKIP
 * LOCKED so that instances sharing one database never take the same feed,
 * and free again when the lease runs out if its holder died.
 */
@Injectable()
export class FeedsRepository implements LeaderFeeds {
  private readonly leases = new RowLeases({ table: 'feeds', key: 'leader_id' });

  constructor(private readonly db: Database) {}

  /** A new leader's feed, due at once. */
  async open(tx: Sql, leaderId: string, at: Date): Promise<void> {
    await tx.execute(`INSERT INTO feeds (leader_id, next_poll_at) VALUES ($1, $2)`, [leaderId, at]);
  }

  /** Deactivation stops polling; reactivation makes the feed due again. Either frees the lease. */
  async setActive(tx: Sql, leaderId: string, active: boolean, at: Date): Promise<void> {
    await tx.execute(
      `UPDATE feeds SET status = CASE WHEN $2 THEN 'pending' ELSE 'inactive' END,
                        next_poll_at = $3, ${LEASE_CLEARED}
       WHERE leader_id = $1`,
      [leaderId, active, at],
    );
  }

  /**
   * Claims up to `limit` feeds that were due at `dueBy` (the tick's start) and
   * that no live lease holds at `now`. The lease runs from `now`, not from the
   * tick: a long cycle must not hand out leases that are already expired.
   */
  async claimDue(
    owner: string,
    dueBy: Date,
    now: Date,
    leaseMs: number,
    limit: number,
  ): Promise<FeedState[]> {
    const keys = await this.leases.claimMany(this.db, {
      owner,
      at: now,
      leaseMs,
      where: { sql: `status <> 'inactive' AND next_poll_at <= $1`, params: [dueBy] },
      orderBy: 'next_poll_at, leader_id',
      limit,
    });
    if (keys.length === 0) {
      return [];
    }
    const rows = await this.db.query<FeedRow>(
      `SELECT ${RETURNING} FROM feeds f JOIN leaders l ON l.id = f.leader_id
       WHERE f.leader_id = ANY($1::uuid[]) ORDER BY f.next_poll_at, f.leader_id`,
      [keys],
    );
    return rows.map(toState);
  }

  /**
   * Claims one feed now, due or not (a manual poll); null while a live lease
   * holds it, this instance's own included (the cron may be polling it).
   */
  async claimOne(
    leaderId: string,
    owner: string,
    now: Date,
    leaseMs: number,
  ): Promise<FeedState | null> {
    const claimed = await this.leases.claimOne(this.db, leaderId, {
      owner,
      at: now,
      leaseMs,
      reclaimOwn: false,
    });
    return claimed.length > 0 ? this.find(leaderId) : null;
  }

  /**
   * Extends this owner's lease; false when the owner no longer holds it
   * (it expired and another poller took the feed). Run inside a post's
   * transaction it also fences that post's writes: it locks the feed row
   * and the caller rolls back when the lease is gone.
   */
  renewLease(
    sql: Sql,
    leaderId: string,
    owner: string,
    now: Date,
    leaseMs: number,
  ): Promise<boolean> {
    return this.leases.renew(sql, leaderId, owner, now, leaseMs);
  }

  /**
   * Hands the feed back without a checkpoint (the instance is shutting down
   * after the post in hand): still due, so the next poller, a restarted
   * instance included, takes it at once.
   */
  release(leaderId: string, owner: string): Promise<boolean> {
    return this.leases.release(this.db, leaderId, owner);
  }

  /** Every feed lease this owner still holds, freed; how many. */
  releaseAll(owner: string): Promise<number> {
    return this.leases.releaseAll(this.db, owner);
  }

  /** The poll's checkpoint; false when the lease was lost meanwhile (nothing is written then). */
  recordSuccess(leaderId: string, owner: string, now: Date, nextPollAt: Date): Promise<boolean> {
    return this.leases.release(this.db, leaderId, owner, {
      set: {
        sql: `status = CASE WHEN status = 'inactive' THEN 'inactive' ELSE 'ok' END,
              last_success_at = $1, next_poll_at = $2, consecutive_failures = 0, backoff_until = NULL,
              backfilled_at = coalesce(backfilled_at, $1), polls = polls + 1`,
        params: [now, nextPollAt],
      },
    });
  }

  /**
   * A problem within a poll that did not fail it (comments that could not be
   * stored): shown as the feed's lastError, the lease and schedule untouched.
   */
  async recordProblem(sql: Sql, leaderId: string, now: Date, error: string): Promise<void> {
    await sql.execute(`UPDATE feeds SET last_error = $2, last_error_at = $3 WHERE leader_id = $1`, [
      leaderId,
      error.slice(0, 2000),
      now,
    ]);
  }

  /** Records a failed poll and frees the lease; false when the lease was lost meanwhile. */
  recordFailure(
    leaderId: string,
    owner: string,
    now: Date,
    failure: { status: 'failing' | 'empty'; error: string; backoffUntil: Date },
  ): Promise<boolean> {
    return this.leases.release(this.db, leaderId, owner, {
      set: {
        sql: `status = CASE WHEN status = 'inactive' THEN 'inactive' ELSE $2 END,
              last_error = $3, last_error_at = $1, consecutive_failures = consecutive_failures + 1,
              backoff_until = $4, next_poll_at = $4, polls = polls + 1`,
        params: [now, failure.status, failure.error.slice(0, 2000), failure.backoffUntil],
      },
    });
  }

  async find(leaderId: string): Promise<FeedState | null> {
    const rows = await this.db.query<FeedRow>(
      `SELECT ${RETURNING} FROM feeds f JOIN leaders l ON l.id = f.leader_id WHERE f.leader_id = $1`,
      [leaderId],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  /** Counted as the metrics count it: per post created since `since`, held up to what Weibo reports. */
  async coverage(leaderId: string, since: Date): Promise<{ held: number; reported: number }> {
    const rows = await this.db.query<{ held: number; reported: number }>(
      `SELECT coalesce(sum(least(comments_held, comments_reported)), 0)::int AS held,
              coalesce(sum(comments_reported), 0)::int AS reported
       FROM posts WHERE leader_id = $1 AND created_at >= $2`,
      [leaderId, since],
    );
    return rows[0];
  }

  /** The feeds the health check reports: active ones, by status, and how many are due. */
  async healthCounts(now: Date): Promise<FeedCounts> {
    const [counts] = await this.db.query<FeedCounts>(
      `
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE status = 'ok')::int AS ok,
             count(*) FILTER (WHERE status = 'failing')::int AS failing,
             count(*) FILTER (WHERE status = 'empty')::int AS empty,
             count(*) FILTER (WHERE status = 'pending')::int AS pending,
             count(*) FILTER (WHERE status <> 'inactive' AND next_poll_at <= $1)::int AS due
      FROM feeds WHERE status <> 'inactive'`,
      [now],
    );
    return counts;
  }
}
