import { Module } from '@nestjs/common';
import { AuditController } from '../audit/audit.controller';
import { AuditRepository } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { ClassificationModule } from '../classification/classification.module';
import { MessageSink } from '../polling/message-sink';
import { CalendarController } from './calendar.controller';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';
import { CaseIntake } from './case-intake';
import { CaseIntakeRepository } from './case-intake.repository';
import { CasesController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';
import { FollowUpsRepository } from './follow-ups.repository';
import { FollowUpsService } from './follow-ups.service';
import { SatisfactionSurveysRepository } from './satisfaction-surveys.repository';
import { SatisfactionService } from './satisfaction.service';

@Module({
  imports: [ClassificationModule],
  controllers: [CasesController, CalendarController, AuditController],
  providers: [
    AuditRepository,
    AuditService,
    CalendarRepository,
    CalendarService,
    CasesRepository,
    CasesService,
    FollowUpsRepository,
    FollowUpsService,
    SatisfactionSurveysRepository,
    SatisfactionService,
    CaseIntakeRepository,
    CaseIntake,
    { provide: MessageSink, useExisting: CaseIntake },
  ],
  exports: [
    MessageSink,
    CaseIntake,
    AuditService,
    ClassificationModule,
    CalendarService,
    CasesRepository,
  ],
})
export class CasesModule {}
