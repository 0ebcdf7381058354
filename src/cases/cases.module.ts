import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClassificationModule } from '../classification/classification.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { MessageSink } from './message-sink';
import { CalendarController } from './calendar.controller';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';
import { CaseIntakeService } from './case-intake.service';
import { CaseThreadRepository } from './case-thread.repository';
import { CaseReclassificationService } from './case-reclassification.service';
import { CaseIntakeRepository } from './case-intake.repository';
import { CasesController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';
import { FollowUpsRepository } from './follow-ups.repository';
import { FollowUpsService } from './follow-ups.service';
import { SatisfactionSurveysRepository } from './satisfaction-surveys.repository';
import { SatisfactionService } from './satisfaction.service';

@Module({
  imports: [AuditModule, ClassificationModule, IdempotencyModule],
  controllers: [CasesController, CalendarController],
  providers: [
    CalendarRepository,
    CalendarService,
    CasesRepository,
    CaseThreadRepository,
    CasesService,
    FollowUpsRepository,
    FollowUpsService,
    SatisfactionSurveysRepository,
    SatisfactionService,
    CaseIntakeRepository,
    CaseIntakeService,
    CaseReclassificationService,
    { provide: MessageSink, useExisting: CaseIntakeService },
  ],
  exports: [MessageSink, CaseIntakeService, CaseReclassificationService, FollowUpsService],
})
export class CasesModule {}
