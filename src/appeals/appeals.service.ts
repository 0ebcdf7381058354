import { Inject, Injectable } from '@nestjs/common';
import { leaderScope, requireLeaderAccess } from '../auth/access-policy';
import { actorOf, type Principal } from '../auth/principal';
import { AuditService, type AuditEntry } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { Forbidden, InvalidInput, NotFound } from '../common/domain-error';
import { LOGGER, type Logger } from '../common/logger';
import type { Page } from '../common/pagination';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { Database, type Sql } from '../database/database';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { LeadersRepository } from '../leaders/leaders.repository';
import type { SnapshotContent } from '../metrics/snapshot-format';
import { SnapshotsRepository } from '../metrics/snapshots.repository';
import { AppealAlreadyDecided, AppealAlreadyPending, SnapshotSuperseded } from './appeal-errors';
import {
  appealDeadline,
  checkAppealedCases,
  checkFiledInTime,
  correctedCaseIds,
  planCorrections,
} from './appeal-rules';
import { type Appeal, AppealsRepository } from './appeals.repository';
import { CorrectedSnapshotsService } from './corrected-snapshots.service';
import type { DecideAppealDto, FileAppealDto, ListAppealsQuery } from './dto/appeal.dto';

@Injectable()
export class AppealsService {
  constructor(
    private readonly appeals: AppealsRepository,
    private readonly snapshots: SnapshotsRepository,
    private readonly leaders: LeadersRepository,
    private readonly corrected: CorrectedSnapshotsService,
    private readonly audit: AuditService,
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Existence, then scope, then the period, then the cases (SPEC section 10).
   * One pending appeal at a time for a case of a snapshot; a retry with the
   * same Idempotency-Key is the appeal already filed.
   */
  async file(
    caller: Principal,
    snapshotId: string,
    request: FileAppealDto,
    idempotencyKey?: string,
  ): Promise<Appeal> {
    if (!(await this.snapshots.findWithContent(snapshotId))) {
      throw new NotFound('snapshot', snapshotId);
    }
    if (caller.role !== 'admin' && !caller.leaderIds.includes(request.leaderId)) {
      throw new Forbidden(`this key may not appeal for leader ${request.leaderId}`);
    }
    const keyed = {
      scope: `appeals:${snapshotId}:${caller.keyId}`,
      scopeName: 'by this API key on this snapshot',
      key: idempotencyKey,
      content: { leaderId: request.leaderId, caseIds: request.caseIds, reason: request.reason },
    };
    const { result: appeal, replayed } = await this.db.transaction(async (tx) => {
      // Filings and decisions queue on the chain: the pending check below holds until commit.
      await this.audit.lockChain(tx);
      return this.idempotency.once(tx, keyed, () =>
        this.fileChecked(tx, caller, snapshotId, request),
      );
    });
    if (!replayed) {
      this.logger.info(
        {
          event: 'appeal.filed',
          appealId: appeal.id,
          snapshotId,
          leaderId: appeal.leaderId,
          cases: appeal.caseIds.length,
        },
        'appeal filed',
      );
    }
    return appeal;
  }

  private async fileChecked(
    tx: Sql,
    caller: Principal,
    snapshotId: string,
    request: FileAppealDto,
  ): Promise<Appeal> {
    const snapshot = await this.snapshots.findWithContent(snapshotId, tx);
    if (!snapshot) {
      throw new NotFound('snapshot', snapshotId);
    }
    if (snapshot.supersededBy !== null) {
      throw new SnapshotSuperseded(snapshotId, snapshot.supersededBy);
    }
    const chain = await this.snapshots.chainOf(snapshotId, tx);
    const deadline = appealDeadline(chain[0].createdAt, this.config.appealDays);
    const now = this.clock.now();
    checkFiledInTime(snapshotId, now, deadline);
    const content = JSON.parse(snapshot.content) as SnapshotContent;
    if (!content.items.some((item) => item.leaderId === request.leaderId)) {
      throw new InvalidInput('leaderId', `is not ranked in snapshot ${snapshotId}`);
    }
    checkAppealedCases(
      request,
      await this.appeals.caseFacts(request.caseIds, tx),
      snapshot.window,
      correctedCaseIds(content.corrections ?? []),
    );
    const pending = await this.appeals.findPendingFor(tx, snapshotId, request.caseIds);
    if (pending) {
      throw new AppealAlreadyPending(pending, request.caseIds);
    }
    const filed = await this.appeals.insert(tx, {
      snapshotId,
      leaderId: request.leaderId,
      caseIds: request.caseIds,
      reason: request.reason,
      filedBy: actorOf(caller),
      filedAt: now,
      deadline,
    });
    await this.audit.append(tx, {
      actor: filed.filedBy,
      action: 'appeal.filed',
      caseId: null,
      leaderId: filed.leaderId,
      before: null,
      after: {
        appealId: filed.id,
        snapshotId,
        caseIds: filed.caseIds,
        reason: filed.reason,
        deadline: deadline.toISOString(),
      },
    });
    return filed;
  }

  async get(caller: Principal, id: string): Promise<Appeal> {
    const appeal = await this.appeals.findById(id);
    if (!appeal) {
      throw new NotFound('appeal', id);
    }
    requireLeaderAccess(caller, appeal.leaderId);
    return appeal;
  }

  list(caller: Principal, query: ListAppealsQuery): Promise<Page<Appeal>> {
    if (query.leaderId !== undefined) {
      requireLeaderAccess(caller, query.leaderId);
    }
    return this.appeals.list(
      {
        status: query.status,
        leaderId: query.leaderId,
        snapshotId: query.snapshotId,
        leaderIds: leaderScope(caller),
      },
      query,
    );
  }

  /** One decision per appeal; an accepted one writes the corrected snapshot in the same transaction. */
  async decide(caller: Principal, id: string, request: DecideAppealDto): Promise<Appeal> {
    const actor = actorOf(caller);
    const decided = await this.db.transaction(async (tx) => {
      await this.audit.lockChain(tx);
      const appeal = await this.appeals.lockById(tx, id);
      if (!appeal) {
        throw new NotFound('appeal', id);
      }
      if (appeal.status !== 'pending') {
        throw new AppealAlreadyDecided(id, appeal.status);
      }
      const corrections = request.corrections ?? [];
      const changes = planCorrections(appeal, request.decision, corrections);
      for (const [i, change] of changes.entries()) {
        if (change.toLeaderId !== null) {
          const leader = await this.leaders.findById(change.toLeaderId, tx);
          if (!leader?.active) {
            throw new InvalidInput(`corrections[${i}].toLeaderId`, 'must be an active leader');
          }
        }
      }
      const at = this.clock.now();
      const correction =
        request.decision === 'accepted'
          ? await this.corrected.correct(tx, {
              appealId: appeal.id,
              snapshotId: appeal.snapshotId,
              reason: request.reason,
              changes,
              at,
              actor,
            })
          : null;
      const result = await this.appeals.decide(tx, id, {
        status: request.decision,
        decidedBy: actor,
        decidedAt: at,
        decisionReason: request.reason,
        corrections: changes,
        correctedSnapshotId: correction?.snapshot.id ?? null,
      });
      if (!result) {
        throw new AppealAlreadyDecided(id, 'decided');
      }
      const events: AuditEntry[] = [
        {
          actor,
          action: 'appeal.decided',
          caseId: null,
          leaderId: appeal.leaderId,
          before: { appealId: id, status: 'pending' },
          after: {
            appealId: id,
            status: request.decision,
            reason: request.reason,
            corrections: changes,
            correctedSnapshotId: result.correctedSnapshotId,
          },
        },
      ];
      if (correction) {
        events.push({
          actor,
          action: 'snapshot.corrected',
          caseId: null,
          leaderId: null,
          before: { snapshotId: correction.supersedes },
          after: {
            snapshotId: correction.snapshot.id,
            supersedes: correction.supersedes,
            appealId: id,
            hash: correction.snapshot.hash,
          },
        });
        for (const change of changes) {
          events.push({
            actor,
            action: 'case.corrected_by_appeal',
            caseId: change.caseId,
            leaderId: change.fromLeaderId,
            before: { leaderId: change.fromLeaderId, snapshotId: correction.supersedes },
            after: {
              action: change.action,
              toLeaderId: change.toLeaderId,
              appealId: id,
              snapshotId: correction.snapshot.id,
            },
          });
        }
      }
      await this.audit.appendMany(tx, events);
      return result;
    });
    this.logger.info(
      {
        event: 'appeal.decided',
        appealId: id,
        leaderId: decided.leaderId,
        decision: decided.status,
        correctedSnapshotId: decided.correctedSnapshotId,
      },
      'appeal decided',
    );
    return decided;
  }
}
