import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { AuditModule } from '../audit/audit.module';
import { MetricsModule } from '../metrics/metrics.module';
import { PublicRateLimitGuard } from './public-rate-limit.guard';
import { PublicationController } from './publication.controller';
import { PublicationsRepository } from './publications.repository';
import { PublicReportsController } from './public-reports.controller';
import { PublicReportsService } from './public-reports.service';

/** SPEC section 10: publication and the public transparency report. */
@Module({
  imports: [MetricsModule, AuditModule, IdempotencyModule],
  controllers: [PublicationController, PublicReportsController],
  providers: [PublicationsRepository, PublicReportsService, PublicRateLimitGuard],
})
export class PublicReportsModule {}
