import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { Clock } from '../common/clock';
import { Database } from '../database/database';
import { FeedsService } from '../polling/feeds.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: Database,
    private readonly feeds: FeedsService,
    private readonly clock: Clock,
  ) {}

  /** 200 when the database answers, 503 when it does not. */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) response: Response) {
    try {
      const feeds = await this.feeds.health(this.clock.now());
      return { status: 'ok', database: 'up', engine: this.db.engine, feeds };
    } catch {
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error', database: 'down', engine: this.db.engine, feeds: null };
    }
  }
}
