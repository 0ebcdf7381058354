import { Injectable } from '@nestjs/common';
import { canAccessLeader, masksCitizens, requireLeaderAccess } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { AuditService } from '../audit/audit.service';
import type { AuditEvent } from '../audit/audit.repository';
import { Clock } from '../common/clock';
import { NotFound } from '../common/domain-error';
import type { Page } from '../common/pagination';
import { LeadersService } from '../leaders/leaders.service';
import { CaseNotFound } from './case-errors';
import {
  type CaseView,
  toCaseView,
  toFollowUpView,
  type FollowUpView,
  type SurveyView,
} from './case-view';
import { CasesRepository, type MessageClassification } from './cases.repository';
import type { ListCasesQuery } from './dto/list-cases.query';
import { FollowUpsRepository } from './follow-ups.repository';
import { SatisfactionSurveysRepository } from './satisfaction-surveys.repository';
import { CalendarService } from './calendar.service';
import { toThreadView, type ThreadReplyView } from './case-thread';
import { CaseThreadRepository } from './case-thread.repository';
import { maskAuditPayload } from './citizen-masking';

function maskAuditEvent(event: AuditEvent): AuditEvent {
  return { ...event, before: maskAuditPayload(event.before), after: maskAuditPayload(event.after) };
}

export interface CaseDetail extends CaseView {
  classification: MessageClassification | null;
  followUps: FollowUpView[];
  surveys: SurveyView[];
  auditEvents: AuditEvent[];
  /** The replies under the citizen's comment, oldest first, the leader's marked. */
  thread: ThreadReplyView[];
}

/** Reads of cases, scoped to the leaders the caller may see. */
@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly followUps: FollowUpsRepository,
    private readonly surveys: SatisfactionSurveysRepository,
    private readonly audit: AuditService,
    private readonly leaders: LeadersService,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly threads: CaseThreadRepository,
  ) {}

  /** A leader's backlog, the nearest pending deadline first. */
  async listForLeader(
    caller: Principal,
    leaderId: string,
    query: ListCasesQuery,
  ): Promise<Page<CaseView>> {
    if (!canAccessLeader(caller, leaderId)) {
      // Refused: no such leader (404) or not this caller's (403), as for every leader read.
      await this.leaders.getForCaller(caller, leaderId);
    }
    const now = this.clock.now();
    const page = await this.cases.listForLeader(
      {
        leaderId,
        status: query.status,
        overdue: query.overdue,
        category: query.category,
        kind: query.kind,
        now,
      },
      query,
    );
    if (!page) {
      throw new NotFound('leader', leaderId);
    }
    const mask = masksCitizens(caller);
    const calendar = this.calendar.current;
    return { ...page, items: page.items.map((record) => toCaseView(record, now, mask, calendar)) };
  }

  /** One case with everything that happened to it. */
  async getById(caller: Principal, caseId: string): Promise<CaseDetail> {
    const record = await this.cases.findById(caseId);
    if (!record) {
      throw new CaseNotFound(caseId);
    }
    requireLeaderAccess(caller, record.leaderId);
    const [classification, followUps, surveys, auditEvents, replies] = await Promise.all([
      this.cases.classificationOf(record.commentId),
      this.followUps.listForCase(caseId),
      this.surveys.listForCase(caseId),
      this.audit.forCase(caseId),
      this.threads.repliesUnder(record.commentId),
    ]);
    const mask = masksCitizens(caller);
    return {
      ...toCaseView(record, this.clock.now(), mask, this.calendar.current),
      classification,
      followUps: followUps.map((followUp) => toFollowUpView(followUp, mask)),
      surveys,
      auditEvents: mask ? auditEvents.map(maskAuditEvent) : auditEvents,
      thread: toThreadView(
        replies,
        record.firstResponseBy === 'leader' ? record.firstResponseRef : null,
        mask,
      ),
    };
  }
}
