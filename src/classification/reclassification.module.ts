import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { ClassificationController } from './classification.controller';
import { ClassificationModule } from './classification.module';
import { ReclassificationRepository } from './reclassification.repository';
import { ReclassificationRunner } from './reclassification.runner';
import { RulesService } from './rules.service';

/**
 * The classification API (classify, rules, re-classification jobs). Apart
 * from ClassificationModule because re-classification opens and updates
 * cases through case intake, which itself classifies with
 * ClassificationModule.
 */
@Module({
  imports: [ClassificationModule, CasesModule],
  controllers: [ClassificationController],
  providers: [ReclassificationRepository, ReclassificationRunner, RulesService],
  exports: [ReclassificationRunner],
})
export class ReclassificationModule {}
