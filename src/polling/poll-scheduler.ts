import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import * as cron from 'node-cron';
import { LOGGER, type Logger } from '../common/logger';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PollService } from './poll.service';

/** The cron tick (POLL_CRON): it only wakes the poll worker, which runs the cycle itself. */
@Injectable()
export class PollScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private task: cron.ScheduledTask | null = null;

  constructor(
    private readonly polls: PollService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.pollEnabled) {
      this.logger.info({ event: 'poll.disabled' }, 'POLL_ENABLED=false: polling is off');
      return;
    }
    this.task = cron.schedule(this.config.pollCron, () => this.tick(), {
      timezone: this.config.businessTimeZone,
    });
    this.logger.info(
      { event: 'poll.scheduled', cron: this.config.pollCron, instance: this.polls.instanceId },
      'polling scheduled',
    );
  }

  tick(): void {
    this.polls.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task?.stop();
    this.task = null;
  }
}
