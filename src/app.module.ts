import { type DynamicModule, Module } from '@nestjs/common';
import { ApiKeysModuleBootstrap } from './auth/bootstrap';
import { AuthModule } from './auth/auth.module';
import { Clock, SystemClock } from './common/clock';
import { createLogger } from './common/logger';
import { loadConfig, type AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { LeadersModule } from './leaders/leaders.module';
import { CasesModule } from './cases/cases.module';
import { PollingModule } from './polling/polling.module';
import { MetricsModule } from './metrics/metrics.module';
import { CommonModule } from './common/common.module';
import { ReclassificationModule } from './reclassification/reclassification.module';
import { ObservabilityModule } from './observability/observability.module';
import { AppealsModule } from './appeals/appeals.module';
import { PublicReportsModule } from './public-reports/public-reports.module';
import { IntegrityModule } from './integrity/integrity.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig = loadConfig(), options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule.forRoot(createLogger(config.logLevel), options.clock ?? new SystemClock()),
        DatabaseModule,
        ObservabilityModule,
        AuthModule,
        LeadersModule,
        MetricsModule,
        CasesModule,
        PollingModule,
        ReclassificationModule,
        AppealsModule,
        PublicReportsModule,
        IntegrityModule,
      ],
      controllers: [HealthController],
      providers: [ApiKeysModuleBootstrap],
    };
  }
}
