import type { Sql } from '../database/database';

/**
 * What a leader's life means for its feed, inside the leader's own
 * transaction: a new leader's feed is due at once; deactivation stops
 * polling, reactivation makes the feed due again. Leaders own this port;
 * polling, which owns the `feeds` table, implements it.
 */
export abstract class LeaderFeeds {
  /** The feed is due at `at`, the clock's time of the leader's creation. */
  abstract open(tx: Sql, leaderId: string, at: Date): Promise<void>;
  /** Reactivation makes the feed due at `at`; deactivation stops it. */
  abstract setActive(tx: Sql, leaderId: string, active: boolean, at: Date): Promise<void>;
}
