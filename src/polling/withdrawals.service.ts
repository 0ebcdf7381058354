import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { LOGGER, type Logger } from '../common/logger';
import type { Sql } from '../database/database';
import { WithdrawalsRepository } from './withdrawals.repository';
import { judgeReread, type Reread } from '../integrity/withdrawn-content';

/**
 * After each post is stored by a poll: compares what the re-read found with
 * what is held (withdrawn-content.ts decides), marks the store, and writes
 * an audit event on the case for a withdrawn (or reappeared) citizen message
 * or leader reply. Cases themselves are not changed: metrics v1 stay as they
 * were; the integrity flags and the case view show the withdrawal.
 */
@Injectable()
export class WithdrawalsService {
  constructor(
    private readonly withdrawals: WithdrawalsRepository,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async afterReread(
    tx: Sql,
    leaderId: string,
    postId: string,
    read: Reread,
    now: Date,
  ): Promise<void> {
    if (!read.complete) {
      return;
    }
    const held = await this.withdrawals.heldForPost(tx, postId);
    const previous = await this.withdrawals.baseline(tx, postId);
    const verdict = judgeReread(held, read, previous);
    await this.withdrawals.apply(tx, postId, verdict, now);
    if (!verdict.conclusive) {
      this.logger.info(
        { event: 'withdrawn.inconclusive', leaderId, postId, reason: verdict.inconclusive },
        're-read concludes nothing about withdrawn content',
      );
      return;
    }
    if (verdict.firstMisses.length > 0) {
      this.logger.info(
        { event: 'withdrawn.missed', leaderId, postId, commentIds: verdict.firstMisses },
        'comments missing from a complete re-read (pending)',
      );
    }
    const withdrawn = verdict.withdrawn.map((w) => w.id);
    const onCases = await this.withdrawals.casesOf(tx, [...withdrawn, ...verdict.reappeared]);
    if (withdrawn.length > 0) {
      this.logger.warn(
        { event: 'withdrawn.marked', leaderId, postId, commentIds: withdrawn },
        'comments withdrawn from Weibo',
      );
    }
    const gone = new Set(withdrawn);
    await this.audit.appendMany(
      tx,
      onCases.map((c) => {
        const kind = gone.has(c.commentId) ? 'withdrawn' : 'reappeared';
        return {
          actor: 'system',
          action: `case.${c.role}_${kind}`,
          caseId: c.caseId,
          leaderId: c.leaderId,
          before: null,
          after: {
            commentId: c.commentId,
            withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
            ...(kind === 'reappeared' ? { reappearedAt: now.toISOString() } : {}),
            ...(c.role === 'response' ? { firstResponse: c.firstResponse } : {}),
          },
        };
      }),
    );
  }
}
