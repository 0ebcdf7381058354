import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { InstanceIdentity } from '../common/instance-identity';
import { withLogContext } from '../common/log-context';
import { LOGGER, type Logger } from '../common/logger';
import { OpsMetrics } from '../common/ops-metrics';
import { heartbeatEvery } from '../common/row-lease';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from '../database/database';
import { isWeiboError } from '../weibo/weibo-errors';
import { storableText } from '../weibo/storable-text';
import { feedBackoffMs } from './feed-backoff';
import { FeedsRepository, type FeedState } from './feeds.repository';
import {
  DEFAULT_HARVEST_LIMITS,
  harvestPosts,
  type PostHarvest,
  type WeiboSource,
} from './harvest';
import { ClustersService } from '../integrity/clusters.service';
import { WithdrawalsService } from './withdrawals.service';
import type { Reread } from '../integrity/withdrawn-content';
import { IngestionRepository } from './ingestion.repository';
import { LeaseHeartbeat } from './lease-heartbeat';
import { MessageSink } from '../cases/message-sink';
import { describeFailure, LeaseLost } from './poll-errors';

export const WEIBO_SOURCE = Symbol('WEIBO_SOURCE');

/** What one poll added: new posts, new comments (replies included) and cases opened. */
export interface PollCounts {
  posts: number;
  comments: number;
  cases: number;
}

export type PollOutcome =
  | { kind: 'succeeded'; counts: PollCounts }
  /** Recorded on the feed row; `error` is a WeiboError or an internal failure. */
  | { kind: 'failed'; counts: PollCounts; error: unknown }
  /** Another poller holds the feed now; nothing more was written. */
  | { kind: 'lease_lost'; counts: PollCounts }
  /** The instance is shutting down: the post in hand was stored and the feed handed back. */
  | { kind: 'stopped'; counts: PollCounts };

const DAY_MS = 86_400_000;
/**
 * A feed's lease: renewed with each post and by a heartbeat four times per
 * lease, so a live poller keeps it through any harvest, and a dead one's
 * feeds come free a minute and a half after its last beat.
 */
export const LEASE_MS = 90_000;
const HEARTBEAT_MS = heartbeatEvery(LEASE_MS);
/** Feeds polled in this cycle are not due again before this gap, whatever the instances' clock skew. */
const MIN_GAP_MS = 60_000;

/**
 * One poll of one feed this instance holds: the harvest read post by post,
 * each post stored in its own transaction under the lease, and the outcome
 * recorded on the feed's row.
 */
@Injectable()
export class FeedPoller {
  constructor(
    private readonly db: Database,
    private readonly feeds: FeedsRepository,
    private readonly ingestion: IngestionRepository,
    private readonly sink: MessageSink,
    private readonly withdrawals: WithdrawalsService,
    private readonly clusters: ClustersService,
    @Inject(WEIBO_SOURCE) private readonly weibo: WeiboSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly ops: OpsMetrics,
    private readonly identity: InstanceIdentity,
  ) {}

  /**
   * Polls a feed this instance holds and records the outcome on its row;
   * `shouldStop` is asked after each stored post. Never throws for one
   * feed's failure. Every line logged meanwhile, by the Weibo client and
   * case intake too, carries the leader id and the feed.
   */
  async poll(feed: FeedState, cycleAt: Date, shouldStop: () => boolean): Promise<PollOutcome> {
    const outcome = await withLogContext({ leaderId: feed.leaderId, feed: feed.weiboUid }, () =>
      this.pollHeld(feed, cycleAt, shouldStop),
    );
    if (outcome.kind !== 'stopped') {
      this.ops.pollFinished(outcome.kind);
    }
    return outcome;
  }

  private async pollHeld(
    feed: FeedState,
    cycleAt: Date,
    shouldStop: () => boolean,
  ): Promise<PollOutcome> {
    const log = this.logger.child({
      leaderId: feed.leaderId,
      feed: feed.weiboUid,
      instance: this.identity.id,
    });
    const started = this.clock.now();
    const startedMs = Date.now();
    const backfill = feed.backfilledAt === null;
    const days = backfill ? this.config.weiboBackfillDays : this.config.weiboTrackDays;
    const since = new Date(started.getTime() - days * DAY_MS);
    const counts: PollCounts = { posts: 0, comments: 0, cases: 0 };
    log.info({ event: 'poll.started', backfill, since }, 'feed poll started');

    const heartbeat = new LeaseHeartbeat(
      () =>
        this.feeds.renewLease(this.db, feed.leaderId, this.identity.id, this.clock.now(), LEASE_MS),
      HEARTBEAT_MS,
      (error) => log.warn({ event: 'poll.lease_renew_failed', err: error }, 'lease renewal failed'),
    );
    heartbeat.start();
    let error: unknown = undefined;
    let stopped = false;
    try {
      for await (const harvest of harvestPosts(this.weibo, feed.weiboUid, since)) {
        if (heartbeat.isLost) {
          throw new LeaseLost(feed.leaderId);
        }
        const stored = await this.store(feed, harvest, log);
        counts.posts += stored.posts;
        counts.comments += stored.comments;
        counts.cases += stored.cases;
        log.debug({ event: 'poll.post_stored', postId: harvest.post.id, ...stored }, 'post stored');
        if (!harvest.complete && !harvest.failure) {
          log.warn(
            {
              event: 'poll.post_truncated',
              postId: harvest.post.id,
              limits: DEFAULT_HARVEST_LIMITS,
            },
            'page bound hit: the rest of the post is read by a later poll',
          );
        }
        if (shouldStop()) {
          // Shutting down: the post in hand is stored; the rest waits for the next poller.
          stopped = true;
          break;
        }
      }
    } catch (caught) {
      error = caught;
    } finally {
      await heartbeat.stop();
    }

    if (error instanceof LeaseLost) {
      log.warn({ event: 'poll.lease_lost', ...counts }, 'another poller took this feed over');
      return { kind: 'lease_lost', counts };
    }
    if (error !== undefined) {
      await this.recordFailure(feed, error, counts, log);
      return { kind: 'failed', counts, error };
    }
    if (stopped) {
      // Should this fail, the lease expires on its own.
      const released = await this.feeds
        .release(feed.leaderId, this.identity.id)
        .catch((releaseError: unknown) => {
          log.error({ event: 'poll.release_failed', err: releaseError }, 'feed not handed back');
          return false;
        });
      log.info(
        { event: 'poll.stopped', ...counts, released },
        'shutting down: feed handed back after the post in hand',
      );
      return { kind: 'stopped', counts };
    }
    const now = this.clock.now();
    const nextPollAt = new Date(Math.max(now.getTime(), cycleAt.getTime()) + MIN_GAP_MS);
    const recorded = await this.feeds.recordSuccess(
      feed.leaderId,
      this.identity.id,
      now,
      nextPollAt,
    );
    if (!recorded) {
      log.warn({ event: 'poll.lease_lost', ...counts }, 'polled, but the lease was lost meanwhile');
    }
    log.info(
      { event: 'poll.succeeded', backfill, ...counts, nextPollAt, ms: Date.now() - startedMs },
      'feed polled',
    );
    return { kind: 'succeeded', counts };
  }

  /**
   * One post and its new comments, classified and turned into cases, in one
   * transaction. It starts by renewing the lease, which fences the writes: a
   * poller that lost its lease stores nothing more.
   */
  private store(feed: FeedState, harvest: PostHarvest, log: Logger): Promise<PollCounts> {
    return this.db.transaction(async (tx) => {
      const readAt = this.clock.now();
      if (!(await this.feeds.renewLease(tx, feed.leaderId, this.identity.id, readAt, LEASE_MS))) {
        throw new LeaseLost(feed.leaderId);
      }
      const postIsNew = await this.ingestion.upsertPost(tx, feed.leaderId, harvest.post, readAt);
      const { stored, failed } = await this.ingestion.insertNewComments(
        tx,
        feed.leaderId,
        feed.weiboUid,
        harvest.post.id,
        harvest.comments,
        readAt,
      );
      if (failed.length > 0) {
        // The rest of the post is stored; the feed row says what was not.
        const error = `COMMENTS_NOT_STORED: ${failed.length} comment(s) of post ${harvest.post.id} could not be stored`;
        log.error(
          {
            event: 'poll.comments_not_stored',
            postId: harvest.post.id,
            count: failed.length,
            failed: failed.slice(0, 20),
          },
          'comments could not be stored; the rest of the post was',
        );
        await this.feeds.recordProblem(tx, feed.leaderId, readAt, error);
      }
      await this.ingestion.refreshCoverage(tx, harvest.post.id);
      const { casesOpened } = await this.sink.accept(
        tx,
        { leaderId: feed.leaderId, weiboUid: feed.weiboUid },
        stored,
      );
      await this.withdrawals.afterReread(
        tx,
        feed.leaderId,
        harvest.post.id,
        rereadOf(harvest),
        readAt,
      );
      if (casesOpened > 0) {
        await this.clusters.placeNew(feed.leaderId, tx);
      }
      return { posts: postIsNew ? 1 : 0, comments: stored.length, cases: casesOpened };
    });
  }

  private async recordFailure(
    feed: FeedState,
    error: unknown,
    stored: PollCounts,
    log: Logger,
  ): Promise<void> {
    const failure = describeFailure(error);
    const now = this.clock.now();
    const backoffUntil = new Date(now.getTime() + feedBackoffMs(feed.consecutiveFailures + 1));
    const fields = {
      event: 'poll.failed',
      code: failure.code,
      reason: failure.reason,
      backoffUntil,
      consecutiveFailures: feed.consecutiveFailures + 1,
      stored,
    };
    if (isWeiboError(error)) {
      log.warn(fields, 'feed poll failed: Weibo');
    } else {
      log.error({ ...fields, err: error }, 'feed poll failed: internal error');
    }
    try {
      const recorded = await this.feeds.recordFailure(feed.leaderId, this.identity.id, now, {
        status: failure.empty ? 'empty' : 'failing',
        error: storableText(`${failure.code}: ${failure.reason}`),
        backoffUntil,
      });
      if (!recorded) {
        log.warn(
          { event: 'poll.lease_lost' },
          'failure not recorded: the lease was lost meanwhile',
        );
      }
    } catch (recordError) {
      // The lease expires on its own; the feed is polled again then.
      log.error(
        { event: 'poll.failure_not_recorded', err: recordError },
        'could not record the failure on the feed',
      );
    }
  }
}

/** What a harvest says for withdrawn content: complete only if read to the end without a failure. */
function rereadOf(harvest: PostHarvest): Reread {
  return {
    complete: harvest.complete && harvest.failure === undefined,
    seen: new Set(harvest.comments.map((c) => c.id)),
    reported: harvest.post.commentsCount,
    threadsSince: harvest.threadsSince ?? null,
  };
}
