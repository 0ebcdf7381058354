import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { MetricsController } from './metrics.controller';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';
import { SnapshotsController } from './snapshots.controller';
import { SnapshotsRepository } from './snapshots.repository';
import { SnapshotsService } from './snapshots.service';

/** SPEC section 5 figures, rankings and frozen snapshots (LeadersModule is global). */
@Module({
  imports: [IdempotencyModule],
  controllers: [MetricsController, SnapshotsController],
  providers: [MetricsRepository, MetricsService, SnapshotsRepository, SnapshotsService],
  exports: [MetricsService, MetricsRepository, SnapshotsRepository, SnapshotsService],
})
export class MetricsModule {}
