import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { Database } from '../database/database';

interface FeedCounts {
  total: number;
  ok: number;
  failing: number;
  pending: number;
  due: number;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly db: Database) {}

  /** 200 when the database answers, 503 when it does not. */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) response: Response) {
    try {
      const [feeds] = await this.db.query<FeedCounts>(`
        SELECT count(*)::int AS total,
               count(*) FILTER (WHERE status = 'ok')::int AS ok,
               count(*) FILTER (WHERE status = 'failing')::int AS failing,
               count(*) FILTER (WHERE status = 'pending')::int AS pending,
               count(*) FILTER (WHERE status <> 'inactive' AND next_poll_at <= now())::int AS due
        FROM feeds WHERE status <> 'inactive'`);
      return { status: 'ok', database: 'up', engine: this.db.engine, feeds };
    } catch {
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error', database: 'down', engine: this.db.engine, feeds: null };
    }
  }
}
