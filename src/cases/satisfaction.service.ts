import { Inject, Injectable } from '@nestjs/common';
import { requireLeaderAccess } from '../auth/access-policy';
import { actorOf, type Principal } from '../auth/principal';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { InvalidInput } from '../common/domain-error';
import { LOGGER, type Logger } from '../common/logger';
import { Database } from '../database/database';
import { CaseNotFound } from './case-errors';
import { type CaseView, type SurveyView, toCaseView } from './case-view';
import { CasesRepository } from './cases.repository';
import type { RecordSatisfactionDto } from './dto/record-satisfaction.dto';
import { parseSatisfactionLevel } from './satisfaction';
import { SatisfactionSurveysRepository } from './satisfaction-surveys.repository';
import { CalendarService } from './calendar.service';

export interface SatisfactionResult {
  case: CaseView;
  survey: SurveyView;
}

/**
 * Survey answers (110 call-back, SMS, Weibo) recorded by staff: every answer
 * is kept, and the case shows the latest one.
 */
@Injectable()
export class SatisfactionService {
  constructor(
    private readonly db: Database,
    private readonly cases: CasesRepository,
    private readonly surveys: SatisfactionSurveysRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(
    caller: Principal,
    caseId: string,
    request: RecordSatisfactionDto,
  ): Promise<SatisfactionResult> {
    const level = parseSatisfactionLevel(request.level);
    if (!level) {
      throw new InvalidInput('level', 'must be one of: 满意, 较满意, 一般, 不满意');
    }
    const { record, survey } = await this.db.transaction(async (tx) => {
      await this.audit.lockChain(tx);
      const current = await this.cases.lockById(tx, caseId);
      if (!current) {
        throw new CaseNotFound(caseId);
      }
      requireLeaderAccess(caller, current.leaderId);
      const at = this.clock.now();
      const actor = actorOf(caller);
      const stored = await this.surveys.insert(tx, {
        caseId,
        level: level.level,
        score: level.score,
        channel: request.channel,
        actor,
        recordedAt: at,
      });
      await this.cases.setSatisfaction(tx, caseId, { level: level.level, score: level.score, at });
      await this.audit.append(tx, {
        actor,
        action: 'case.satisfaction',
        caseId,
        leaderId: current.leaderId,
        before: {
          satisfactionLevel: current.satisfactionLevel,
          satisfactionScore: current.satisfactionScore,
          satisfactionAt: current.satisfactionAt,
        },
        after: {
          satisfactionLevel: level.level,
          satisfactionScore: level.score,
          satisfactionAt: at,
          survey: { id: stored.id, channel: stored.channel },
        },
      });
      const updated = await this.cases.findById(caseId, tx);
      return { record: updated ?? current, survey: stored };
    });
    this.logger.info(
      {
        event: 'case.satisfaction',
        leaderId: record.leaderId,
        caseId,
        surveyId: survey.id,
        level: survey.level,
        channel: survey.channel,
      },
      'satisfaction recorded',
    );
    return { case: toCaseView(record, this.clock.now(), false, this.calendar.current), survey };
  }
}
