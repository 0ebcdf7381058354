import { Injectable } from '@nestjs/common';
import { NotFound } from '../common/domain-error';
import { coverageFigure } from '../metrics/metric-aggregates';
import { FeedsRepository } from './feeds.repository';

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
  coverage: { value: number | null; numerator: number; denominator: number };
}

@Injectable()
export class FeedsService {
  constructor(private readonly feeds: FeedsRepository) {}

  async view(leaderId: string, now: Date): Promise<FeedView> {
    const feed = await this.feeds.find(leaderId);
    if (!feed) {
      throw new NotFound('leader', leaderId);
    }
    const { held, reported } = await this.feeds.coverage(leaderId);
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
}
