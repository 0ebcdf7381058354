import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { ClassificationModule } from '../classification/classification.module';
import { ClassificationChangesRepository } from './classification-changes.repository';
import { CommentBatchReader } from './comment-batch.reader';
import { ReclassificationBatch } from './reclassification-batch.service';
import { ReclassificationJobsRepository } from './reclassification-jobs.repository';
import { ReclassificationRunner } from './reclassification.runner';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';

/**
 * The classification API (classify, rules, re-classification jobs). Above
 * both classification and cases: a new ruleset re-classifies the stored
 * comments and moves their cases through the port cases owns
 * (CaseReclassificationService).
 */
@Module({
  imports: [AuditModule, ClassificationModule, CasesModule],
  controllers: [RulesController],
  providers: [
    ReclassificationJobsRepository,
    CommentBatchReader,
    ClassificationChangesRepository,
    ReclassificationBatch,
    ReclassificationRunner,
    RulesService,
  ],
  exports: [ReclassificationRunner],
})
export class ReclassificationModule {}
