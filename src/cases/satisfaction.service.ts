import { Inject, Injectable } from '@nestjs/common';
import { requireLeaderAccess } from '../auth/access-policy';
import { actorOf, type Principal } from '../auth/principal';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { InvalidInput } from '../common/domain-error';
import { LOGGER, type Logger } from '../common/logger';
import { Database } from '../database/database';
import { IdempotencyService } from '../idempotency/idempotency.service';
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
  /** true when this answers a retry of a survey already recorded (same Idempotency-Key). */
  replayed: boolean;
}

/**
 * Survey answers (110 call-back, SMS, Weibo) recorded by staff: every answer
 * is kept, and the case shows the latest one; a retry with the same
 * Idempotency-Key is the first answer again, not a second one.
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
    private readonly idempotency: IdempotencyService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(
    caller: Principal,
    caseId: string,
    request: RecordSatisfactionDto,
    idempotencyKey?: string,
  ): Promise<SatisfactionResult> {
    const level = parseSatisfactionLevel(request.level);
    if (!level) {
      throw new InvalidInput('level', 'must be one of: 满意, 较满意, 一般, 不满意');
    }
    const keyed = {
      scope: `satisfaction:${caseId}:${caller.keyId}`,
      scopeName: 'by this API key on this case',
      key: idempotencyKey,
      content: { level: level.level, channel: request.channel },
    };
    const { result, replayed } = await this.db.transaction(async (tx) => {
      await this.audit.lockChain(tx);
      const current = await this.cases.lockById(tx, caseId);
      if (!current) {
        throw new CaseNotFound(caseId);
      }
      requireLeaderAccess(caller, current.leaderId);
      return this.idempotency.once(tx, keyed, async (): Promise<SatisfactionResult> => {
        const at = this.clock.now();
        const actor = actorOf(caller);
        const survey = await this.surveys.insert(tx, {
          caseId,
          level: level.level,
          score: level.score,
          channel: request.channel,
          actor,
          recordedAt: at,
        });
        await this.cases.setSatisfaction(tx, caseId, {
          level: level.level,
          score: level.score,
          at,
        });
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
            survey: { id: survey.id, channel: survey.channel },
          },
        });
        const record = (await this.cases.findById(caseId, tx)) ?? current;
        return {
          case: toCaseView(record, at, false, this.calendar.current),
          survey,
          replayed: false,
        };
      });
    });
    if (replayed) {
      return { ...result, replayed: true };
    }
    const { survey } = result;
    this.logger.info(
      {
        event: 'case.satisfaction',
        leaderId: result.case.leaderId,
        caseId,
        surveyId: survey.id,
        level: survey.level,
        channel: survey.channel,
      },
      'satisfaction recorded',
    );
    return result;
  }
}
