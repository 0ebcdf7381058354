import { Conflict, DomainError } from '../common/domain-error';
import { isWeiboError } from '../weibo/weibo-errors';

export class PollInProgress extends Conflict {
  constructor(leaderId: string) {
    super('POLL_IN_PROGRESS', `leader ${leaderId} is being polled right now; try again shortly`, {
      leaderId,
    });
  }
}

export class LeaderInactive extends Conflict {
  constructor(leaderId: string) {
    super('LEADER_INACTIVE', `leader ${leaderId} is deactivated and is not polled`, { leaderId });
  }
}

/** Weibo failed us: a 502 that says why, never a 500. `stored` is what the poll kept before. */
export class UpstreamFailed extends DomainError {
  constructor(
    reason: string,
    code: string,
    details: { leaderId: string; stored: { posts: number; comments: number; cases: number } },
  ) {
    super('upstream', code, `Weibo did not answer as expected: ${reason}`, details);
  }
}

/** Another poller took the feed over (this one's lease expired): stop without writing more. */
export class LeaseLost extends Error {
  constructor(readonly leaderId: string) {
    super(`the lease on leader ${leaderId}'s feed was lost`);
    this.name = 'LeaseLost';
  }
}

export function describeFailure(error: unknown): { code: string; reason: string; empty: boolean } {
  if (isWeiboError(error)) {
    return {
      code: `WEIBO_${error.code.toUpperCase()}`,
      reason: error.message,
      empty: error.code === 'empty',
    };
  }
  return {
    code: 'INGESTION_FAILED',
    reason: error instanceof Error ? error.message : String(error),
    empty: false,
  };
}

/** The instance is shutting down: it claims nothing more (a manual poll stops after the post in hand). */
export class ShuttingDown extends DomainError {
  constructor(details: {
    leaderId: string;
    stored?: { posts: number; comments: number; cases: number };
  }) {
    super(
      'unavailable',
      'SHUTTING_DOWN',
      `this instance is shutting down; leader ${details.leaderId} is polled by the next one`,
      details,
    );
  }
}
