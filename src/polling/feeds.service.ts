import { Inject, Injectable } from '@nestjs/common';
import { NotFound } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { coverageFigure } from '../metrics/metric-aggregates';
import { type FeedCounts, FeedsRepository } from './feeds.repository';

export interface FeedView {
  leaderId: string;
  weiboUid: string;
  status: string;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  backoffUntil: Date | null;
  consecutiveFailures: number;
  nextPollAt: Date;
  backfilledAt: Date | null;
  polling: boolean;
  /** Over the posts still tracked: created in the last WEIBO_TRACK_DAYS. */
  coverage: { value: number | null; numerator: number; denominator: number };
}

const DAY_MS = 86_400_000;

@Injectable()
export class FeedsService {
  constructor(
    private readonly feeds: FeedsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async view(leaderId: string, now: Date): Promise<FeedView> {
    const feed = await this.feeds.find(leaderId);
    if (!feed) {
      throw new NotFound('leader', leaderId);
    }
    const trackedSince = new Date(now.getTime() - this.config.weiboTrackDays * DAY_MS);
    const { held, reported } = await this.feeds.coverage(leaderId, trackedSince);
    return {
      leaderId: feed.leaderId,
      weiboUid: feed.weiboUid,
      status: feed.status,
      lastSuccessAt: feed.lastSuccessAt,
      lastError: feed.lastError,
      lastErrorAt: feed.lastErrorAt,
      backoffUntil: feed.backoffUntil && feed.backoffUntil > now ? feed.backoffUntil : null,
      consecutiveFailures: feed.consecutiveFailures,
      nextPollAt: feed.nextPollAt,
      backfilledAt: feed.backfilledAt,
      polling: feed.leaseExpiresAt !== null && feed.leaseExpiresAt > now,
      coverage: coverageFigure({ held, reported }),
    };
  }

  /** The counts GET /health reports: due by the clock's `now`. */
  health(now: Date): Promise<FeedCounts> {
    return this.feeds.healthCounts(now);
  }
}
