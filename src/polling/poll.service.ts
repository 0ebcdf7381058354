import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { NotFound } from '../common/domain-error';
import { InstanceIdentity } from '../common/instance-identity';
import { LOGGER, type Logger } from '../common/logger';
import { OpsMetrics } from '../common/ops-metrics';
import { isWeiboError } from '../weibo/weibo-errors';
import { FeedPoller, LEASE_MS, type PollCounts, type PollOutcome } from './feed-poller.service';
import { FeedsRepository, type FeedState } from './feeds.repository';
import {
  describeFailure,
  LeaderInactive,
  PollInProgress,
  ShuttingDown,
  UpstreamFailed,
} from './poll-errors';

export { LEASE_MS, WEIBO_SOURCE, type PollCounts } from './feed-poller.service';

export interface CycleResult {
  polled: number;
  failed: number;
  leasesLost: number;
  ms: number;
}

/**
 * The poll worker of this instance: it claims feeds through their row
 * leases and polls them, when the cron wakes it (a cycle over the due
 * feeds) or when an admin asks for one feed. On shutdown it stops claiming,
 * lets each poll in hand finish the post it is storing, hands those feeds
 * back and frees whatever lease it still holds, so that a restarted
 * instance polls them at once.
 */
@Injectable()
export class PollService implements BeforeApplicationShutdown {
  private stopping = false;
  private cycle: Promise<void> | null = null;
  private readonly inHand = new Set<Promise<unknown>>();

  constructor(
    private readonly feeds: FeedsRepository,
    private readonly poller: FeedPoller,
    private readonly clock: Clock,
    private readonly identity: InstanceIdentity,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly ops: OpsMetrics,
  ) {}

  /** This instance's name on the leases it holds. */
  get instanceId(): string {
    return this.identity.id;
  }

  /**
   * POST /leaders/:id/poll: poll now, whether due or not. A Weibo failure is
   * a 502 with its reason (what was read before it stays stored); an
   * internal failure is recorded on the feed and goes on up.
   */
  async pollNow(leaderId: string): Promise<PollCounts> {
    const existing = await this.feeds.find(leaderId);
    if (!existing) {
      throw new NotFound('leader', leaderId);
    }
    if (existing.status === 'inactive') {
      throw new LeaderInactive(leaderId);
    }
    if (this.stopping) {
      throw new ShuttingDown({ leaderId });
    }
    const feed = await this.feeds.claimOne(leaderId, this.instanceId, this.clock.now(), LEASE_MS);
    if (!feed) {
      throw new PollInProgress(leaderId);
    }
    const outcome = await this.pollHeld(feed, this.clock.now());
    switch (outcome.kind) {
      case 'succeeded':
        return outcome.counts;
      case 'lease_lost':
        throw new PollInProgress(leaderId);
      case 'stopped':
        throw new ShuttingDown({ leaderId, stored: outcome.counts });
      case 'failed': {
        if (!isWeiboError(outcome.error)) {
          throw outcome.error;
        }
        const failure = describeFailure(outcome.error);
        throw new UpstreamFailed(failure.reason, failure.code, {
          leaderId,
          stored: outcome.counts,
        });
      }
    }
  }

  /**
   * The cron's tick: wakes the worker and returns at once. The cycle runs in
   * the background; a tick that finds the previous cycle still running is
   * skipped.
   */
  wake(): void {
    if (this.stopping) {
      return;
    }
    if (this.cycle) {
      this.logger.warn({ event: 'poll.cycle_skipped' }, 'previous poll cycle still running');
      return;
    }
    this.cycle = this.runCycle()
      .then((result) =>
        this.logger.info({ event: 'poll.cycle_done', ...result }, 'poll cycle done'),
      )
      .catch((error: unknown) =>
        this.logger.error({ event: 'poll.cycle_failed', err: error }, 'poll cycle failed'),
      )
      .finally(() => {
        this.cycle = null;
      });
  }

  /** Settles when the cycle the cron woke (if any) is over. */
  async idle(): Promise<void> {
    await this.cycle;
  }

  /**
   * One cycle: claim due feeds a few at a time and poll them one after
   * another. Only feeds due at the cycle's start are claimed, so a feed that
   * any instance polled in this cycle is not polled twice. A failure on one
   * feed is recorded on its row and the cycle goes on; at shutdown the cycle
   * claims nothing more.
   */
  async runCycle(batchSize = 1): Promise<CycleResult> {
    const tickAt = this.clock.now();
    const started = Date.now();
    let polled = 0;
    let failed = 0;
    let leasesLost = 0;
    while (!this.stopping) {
      const claimed = await this.feeds.claimDue(
        this.instanceId,
        tickAt,
        this.clock.now(),
        LEASE_MS,
        batchSize,
      );
      if (claimed.length === 0) {
        break;
      }
      if (this.stopping) {
        // Shutdown began while claiming: these feeds go back untouched.
        await Promise.all(
          claimed.map((feed) => this.feeds.release(feed.leaderId, this.instanceId)),
        );
        break;
      }
      for (const feed of claimed) {
        polled += 1;
        try {
          const outcome = await this.pollHeld(feed, tickAt);
          failed += outcome.kind === 'failed' ? 1 : 0;
          leasesLost += outcome.kind === 'lease_lost' ? 1 : 0;
        } catch (error) {
          // Only the feed's own bookkeeping can get here (the database went away):
          // its lease expires and another cycle takes it; this one goes on.
          failed += 1;
          this.ops.pollFinished('crashed');
          this.logger.error(
            {
              event: 'poll.feed_crashed',
              leaderId: feed.leaderId,
              feed: feed.weiboUid,
              err: error,
            },
            'feed poll could not be recorded',
          );
        }
      }
    }
    return { polled, failed, leasesLost, ms: Date.now() - started };
  }

  /**
   * SIGTERM (before the HTTP server and the database close): claim nothing
   * more, let each poll in hand store the post it holds, then free every
   * lease this instance still has.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    while (this.inHand.size > 0) {
      await Promise.allSettled([...this.inHand]);
    }
    await this.cycle;
    try {
      const released = await this.feeds.releaseAll(this.instanceId);
      this.logger.info(
        { event: 'poll.worker_stopped', instance: this.instanceId, released },
        'poll worker stopped; its leases are free',
      );
    } catch (error) {
      // They expire on their own within a lease.
      this.logger.error(
        { event: 'poll.release_failed', err: error },
        'could not free the leases at shutdown',
      );
    }
  }

  /** Polls a feed this instance claimed, counted as in hand until it settles. */
  private pollHeld(feed: FeedState, cycleAt: Date): Promise<PollOutcome> {
    const polling = this.poller.poll(feed, cycleAt, () => this.stopping);
    this.inHand.add(polling);
    void polling
      .catch(() => undefined)
      .finally(() => {
        this.inHand.delete(polling);
      });
    return polling;
  }
}
