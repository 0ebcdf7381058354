import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Caller, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { PageQuery } from '../common/pagination';
import { uuidParam } from '../common/uuid-param';
import { IDEMPOTENCY_KEY_HEADER } from '../idempotency/idempotency-key';
import { CreateSnapshotDto, SnapshotFormatQuery } from './dto/snapshot.dto';
import { SnapshotsService } from './snapshots.service';

@ApiTags('snapshots')
@ApiBearerAuth()
@Controller('api/v1/snapshots')
export class SnapshotsController {
  constructor(private readonly snapshots: SnapshotsService) {}

  @Post()
  @Roles('evaluator', 'admin')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  create(
    @Caller() caller: Principal,
    @Body() body: CreateSnapshotDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    return this.snapshots.create(caller, body, idempotencyKey);
  }

  @Get()
  @Roles('evaluator', 'auditor', 'admin')
  list(@Query() query: PageQuery) {
    return this.snapshots.list(query);
  }

  /** JSON by default; `?format=csv` is the same content for Excel (UTF-8 with BOM). */
  @Get(':id')
  @Roles('evaluator', 'auditor', 'admin')
  @ApiProduces('application/json', 'text/csv')
  async get(
    @Param('id', uuidParam()) id: string,
    @Query() query: SnapshotFormatQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (query.format !== 'csv') {
      return this.snapshots.get(id);
    }
    const csv = await this.snapshots.csv(id);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="snapshot-${id}.csv"`);
    return csv;
  }
}
