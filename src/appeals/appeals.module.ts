import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { AuditModule } from '../audit/audit.module';
import { MetricsModule } from '../metrics/metrics.module';
import { AppealsController } from './appeals.controller';
import { AppealsRepository } from './appeals.repository';
import { AppealsService } from './appeals.service';
import { CorrectedSnapshotsService } from './corrected-snapshots.service';

/** SPEC section 10: appeals against a frozen snapshot and its corrected versions. */
@Module({
  imports: [MetricsModule, AuditModule, IdempotencyModule],
  controllers: [AppealsController],
  providers: [AppealsRepository, AppealsService, CorrectedSnapshotsService],
})
export class AppealsModule {}
