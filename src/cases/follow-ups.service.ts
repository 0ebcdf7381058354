import { Inject, Injectable } from '@nestjs/common';
import { requireLeaderAccess } from '../auth/access-policy';
import { actorOf, type Principal } from '../auth/principal';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { InvalidInput } from '../common/domain-error';
import {
  checkIdempotencyKey,
  requestFingerprint,
  requireSameRequest,
} from '../idempotency/idempotency-key';
import { LOGGER, type Logger } from '../common/logger';
import { Database, type Sql } from '../database/database';
import { CaseNotFound } from './case-errors';
import type { CaseRecord } from './case-record';
import { lifecycleOf } from './case-record';
import { applyFollowUp, type FollowUpType } from './case-state-machine';
import { type CaseView, toCaseView, toFollowUpView, type FollowUpView } from './case-view';
import { CasesRepository } from './cases.repository';
import type { CreateFollowUpDto } from './dto/create-follow-up.dto';
import type { FollowUpRecord } from './case-record';
import { FollowUpsRepository } from './follow-ups.repository';
import { classifyLeaderReply, isOnlyBoilerplate } from './reply-matcher';
import { CalendarService } from './calendar.service';

export interface FollowUpResult {
  case: CaseView;
  followUp: FollowUpView;
  /** true when this answers a retry of a request already recorded (same Idempotency-Key). */
  replayed: boolean;
}

/** What makes two requests "the same" for an Idempotency-Key. */
function fingerprint(request: CreateFollowUpDto): string {
  return requestFingerprint({
    type: request.type,
    text: request.text,
    evidenceUrl: request.evidenceUrl ?? null,
    referredTo: request.referredTo ?? null,
    duplicateOf: request.duplicateOf ?? null,
  });
}

/**
 * Whether a first response is more than an acknowledgement: a resolution is
 * (one that is only boilerplate is refused before this);
 * a referral (转办) tells the citizen only where the matter went; a
 * `responded` follow-up is judged by its text like a leader's reply.
 */
function substantive(type: FollowUpType, text: string): boolean {
  switch (type) {
    case 'resolved':
      return true;
    case 'responded':
      return classifyLeaderReply(text) === 'substantive';
    case 'referred':
    case 'note':
    case 'not_actionable':
    case 'duplicate':
      return false;
  }
}

/**
 * SPEC 4: a reply that is only boilerplate (已收到, 已转相关部门, 感谢关注) is an
 * acknowledgement, never a resolution. Refused before anything is read or
 * written when the text holds nothing but stock phrases; a short note of
 * what was done (已退款, 路灯已亮) resolves.
 */
function refuseBoilerplateResolution(request: CreateFollowUpDto): void {
  if (request.type === 'resolved' && isOnlyBoilerplate(request.text)) {
    throw new InvalidInput(
      'text',
      'is only boilerplate (an acknowledgement such as 已收到, 已转相关部门, 感谢关注) and cannot ' +
        'resolve a case: say what was done, or record it as type responded',
    );
  }
}

/**
 * Staff follow-ups (SPEC section 4): timestamped by the server's clock, never
 * the client's; the case is locked, moved through the state machine,
 * recorded and audited in one transaction.
 */
@Injectable()
export class FollowUpsService {
  constructor(
    private readonly db: Database,
    private readonly cases: CasesRepository,
    private readonly followUps: FollowUpsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(
    caller: Principal,
    caseId: string,
    request: CreateFollowUpDto,
    idempotencyKey?: string,
  ): Promise<FollowUpResult> {
    checkIdempotencyKey(idempotencyKey);
    refuseBoilerplateResolution(request);
    const requestHash = idempotencyKey === undefined ? null : fingerprint(request);
    const result = await this.db.transaction(async (tx) => {
      await this.audit.lockChain(tx);
      const record = await this.cases.lockById(tx, caseId);
      if (!record) {
        throw new CaseNotFound(caseId);
      }
      requireLeaderAccess(caller, record.leaderId);
      if (idempotencyKey !== undefined) {
        const earlier = await this.followUps.findByIdempotencyKey(
          tx,
          caseId,
          actorOf(caller),
          idempotencyKey,
        );
        if (earlier && requestHash !== null) {
          requireSameRequest(
            earlier.requestHash,
            requestHash,
            idempotencyKey,
            'by this API key on this case',
          );
          return { record, followUp: earlier, replayed: true };
        }
      }
      if (request.type === 'duplicate' && request.duplicateOf !== undefined) {
        await this.checkDuplicateTarget(tx, record, request.duplicateOf);
      }
      const followUp = await this.apply(tx, caller, record, request, {
        idempotencyKey: idempotencyKey ?? null,
        requestHash,
      });
      const updated = await this.cases.findById(caseId, tx);
      return { record: updated ?? record, followUp, replayed: false };
    });
    if (!result.replayed) {
      this.logger.info(
        {
          event: 'case.follow_up',
          leaderId: result.record.leaderId,
          caseId,
          followUpId: result.followUp.id,
          type: result.followUp.type,
          status: result.record.status,
          actor: result.followUp.actor,
        },
        'follow-up recorded',
      );
    }
    return {
      case: toCaseView(result.record, this.clock.now(), false, this.calendar.current),
      followUp: toFollowUpView(result.followUp),
      replayed: result.replayed,
    };
  }

  private async apply(
    tx: Sql,
    caller: Principal,
    record: CaseRecord,
    request: CreateFollowUpDto,
    idempotency: { idempotencyKey: string | null; requestHash: string | null },
  ): Promise<FollowUpRecord> {
    const at = this.clock.now();
    // Throws InvalidTransition (409, naming both states) before anything is written.
    const transition = applyFollowUp(lifecycleOf(record), { type: request.type, at, by: 'staff' });
    const actor = actorOf(caller);
    const followUp = await this.followUps.insert(tx, {
      caseId: record.id,
      type: request.type,
      text: request.text,
      evidenceUrl: request.evidenceUrl ?? null,
      referredTo: request.referredTo ?? null,
      duplicateOf: request.duplicateOf ?? null,
      actor,
      recordedAt: at,
      ...idempotency,
    });
    const becameFirstResponse = transition.changes.firstResponseAt !== undefined;
    if (Object.keys(transition.changes).length > 0) {
      await this.cases.updateLifecycle(tx, record.id, transition.state, {
        ...(becameFirstResponse
          ? {
              firstResponseRef: followUp.id,
              firstResponseSubstantive: substantive(request.type, request.text),
            }
          : {}),
        referredTo: request.referredTo ?? null,
        duplicateOf: request.duplicateOf ?? null,
      });
    }
    await this.audit.append(tx, {
      actor,
      action: 'case.follow_up',
      caseId: record.id,
      leaderId: record.leaderId,
      before: {
        ...transition.before,
        ...(request.referredTo === undefined ? {} : { referredTo: record.referredTo }),
        ...(request.duplicateOf === undefined ? {} : { duplicateOf: record.duplicateOf }),
      },
      after: {
        ...transition.changes,
        ...(request.referredTo === undefined ? {} : { referredTo: request.referredTo }),
        ...(request.duplicateOf === undefined ? {} : { duplicateOf: request.duplicateOf }),
        followUp: {
          id: followUp.id,
          type: followUp.type,
          text: followUp.text,
          evidenceUrl: followUp.evidenceUrl,
          recordedAt: followUp.recordedAt,
          firstResponse: becameFirstResponse,
        },
      },
    });
    return followUp;
  }

  /** A duplicate points at another case of the same leader. */
  private async checkDuplicateTarget(tx: Sql, record: CaseRecord, duplicateOf: string) {
    if (duplicateOf === record.id) {
      throw new InvalidInput('duplicateOf', 'must be another case, not the case itself');
    }
    const original = await this.cases.findById(duplicateOf, tx);
    if (!original || original.leaderId !== record.leaderId) {
      throw new InvalidInput('duplicateOf', `is not a case of leader ${record.leaderId}`);
    }
  }
}
