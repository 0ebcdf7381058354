import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { MetricsWindowQuery, RankingQuery } from './dto/metrics-query.dto';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@ApiBearerAuth()
@Controller('api/v1/metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('ranking')
  @Roles('evaluator', 'auditor', 'admin')
  ranking(@Query() query: RankingQuery) {
    return this.metrics.ranking(query);
  }

  @Get('leaders/:id')
  @Roles('evaluator', 'auditor', 'admin', 'leader')
  leader(
    @Caller() caller: Principal,
    @Param('id', uuidParam()) id: string,
    @Query() query: MetricsWindowQuery,
  ) {
    return this.metrics.leaderMetrics(caller, id, query);
  }
}
