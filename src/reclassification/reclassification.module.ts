import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { ClassificationModule } from '../classification/classification.module';
import { ReclassificationRepository } from './reclassification.repository';
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
  providers: [ReclassificationRepository, ReclassificationRunner, RulesService],
  exports: [ReclassificationRunner],
})
export class ReclassificationModule {}
