import { Module } from '@nestjs/common';
import { ClassificationRepository } from './classification.repository';
import { ClassificationService } from './classification.service';

/**
 * The active ruleset and the stored classifications. Case intake classifies
 * with it; the rules API (ReclassificationModule) sits on top of both.
 */
@Module({
  providers: [ClassificationRepository, ClassificationService],
  exports: [ClassificationRepository, ClassificationService],
})
export class ClassificationModule {}
