import { Global, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { Clock } from '../common/clock';
import { LOGGER, type Logger } from '../common/logger';
import { OpsMetrics } from '../common/ops-metrics';
import { MetricsEndpointController } from './metrics-endpoint.controller';
import { METRICS_REGISTRY, MetricsEndpointService } from './metrics-endpoint.service';
import { OpsGaugesRepository } from './ops-gauges.repository';
import { createMetricsRegistry, PrometheusOpsMetrics } from './prometheus-ops-metrics';
import { registerScrapeGauges } from './scrape-gauges';

/** Puts the database-read series on the registry once the database is there. */
@Injectable()
class ScrapeGauges implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly gauges: OpsGaugesRepository,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    registerScrapeGauges(this.registry, this.gauges, this.clock, this.logger);
  }
}

/**
 * Prometheus for the operator: one registry per application, the OpsMetrics
 * hooks the rest of the service calls, and GET /metrics.
 */
@Global()
@Module({
  controllers: [MetricsEndpointController],
  providers: [
    { provide: METRICS_REGISTRY, useFactory: createMetricsRegistry },
    {
      provide: OpsMetrics,
      inject: [METRICS_REGISTRY, Clock],
      useFactory: (registry: Registry, clock: Clock) => new PrometheusOpsMetrics(registry, clock),
    },
    OpsGaugesRepository,
    MetricsEndpointService,
    ScrapeGauges,
  ],
  exports: [OpsMetrics, METRICS_REGISTRY],
})
export class ObservabilityModule {}
