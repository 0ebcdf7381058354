import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import * as cron from 'node-cron';
import { LOGGER, type Logger } from '../common/logger';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PollService } from './poll.service';

/** The cron tick (POLL_CRON); skipped while the previous cycle of this instance still runs. */
@Injectable()
export class PollScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private task: cron.ScheduledTask | null = null;
  private running: Promise<void> | null = null;

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
    if (this.running) {
      this.logger.warn({ event: 'poll.cycle_skipped' }, 'previous poll cycle still running');
      return;
    }
    this.running = this.polls
      .runCycle()
      .then((result) =>
        this.logger.info({ event: 'poll.cycle_done', ...result }, 'poll cycle done'),
      )
      .catch((error: unknown) =>
        this.logger.error({ event: 'poll.cycle_failed', err: error }, 'poll cycle failed'),
      )
      .finally(() => {
        this.running = null;
      });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.stop();
    await this.running;
  }
}
