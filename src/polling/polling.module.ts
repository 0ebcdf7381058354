import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { LOGGER, type Logger } from '../common/logger';
import { OpsMetrics } from '../common/ops-metrics';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { IntegrityModule } from '../integrity/integrity.module';
import { WeiboClient, type WeiboClientOptions } from '../weibo/weibo-client';
import { FeedsModule } from './feeds.module';
import { FeedsService } from './feeds.service';
import { IngestionRepository } from './ingestion.repository';
import { FeedPoller } from './feed-poller.service';
import { PollScheduler } from './poll-scheduler';
import { PollService, WEIBO_SOURCE } from './poll.service';
import { PollingController } from './polling.controller';
import { WithdrawalsRepository } from './withdrawals.repository';
import { WithdrawalsService } from './withdrawals.service';
import { Clock } from '../common/clock';

/** Client settings that are not configuration (time-out, retries, back-off steps); tests shorten them. */
export type WeiboClientTuning = Pick<
  WeiboClientOptions,
  'timeoutMs' | 'maxRetries' | 'backoffBaseMs' | 'backoffMaxMs'
>;
export const WEIBO_CLIENT_TUNING = Symbol('WEIBO_CLIENT_TUNING');

@Module({
  imports: [FeedsModule, AuditModule, CasesModule, IntegrityModule],
  controllers: [PollingController],
  providers: [
    FeedsService,
    IngestionRepository,
    FeedPoller,
    WithdrawalsRepository,
    WithdrawalsService,
    PollService,
    PollScheduler,
    { provide: WEIBO_CLIENT_TUNING, useValue: {} },
    {
      provide: WEIBO_SOURCE,
      inject: [APP_CONFIG, LOGGER, WEIBO_CLIENT_TUNING, OpsMetrics, Clock],
      useFactory: (
        config: AppConfig,
        logger: Logger,
        tuning: WeiboClientTuning,
        ops: OpsMetrics,
        clock: Clock,
      ) => {
        const client = new WeiboClient({
          ...tuning,
          baseUrl: config.weiboBaseUrl,
          minIntervalMs: config.weiboMinIntervalMs,
          clock: () => clock.now(),
          cookie: config.weiboCookie ?? undefined,
          logger: logger.child({ component: 'weibo' }),
          onExchange: (status) => ops.weiboResponse(status),
        });
        ops.watchHosts(() => [client.hostState()]);
        return client;
      },
    },
  ],
  exports: [PollService, FeedsService],
})
export class PollingModule {}
