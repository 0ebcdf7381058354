import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Caller, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { PageQuery } from '../common/pagination';
import { uuidParam } from '../common/uuid-param';
import { ClassifyDto } from './dto/classify.dto';
import { ListJobsQuery, RulesVersionQuery } from './dto/rules.query';
import { RulesService } from './rules.service';

@ApiTags('classification')
@ApiBearerAuth()
@Controller('api/v1')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  /** Classifying stores nothing: 200, not 201. */
  @Post('classify')
  @HttpCode(200)
  classify(@Body() body: ClassifyDto) {
    return this.rules.classify(body.text);
  }

  @Get('rules')
  get(@Query() query: RulesVersionQuery) {
    return this.rules.get(query.version);
  }

  @Get('rules/versions')
  versions(@Query() query: PageQuery) {
    return this.rules.listVersions(query);
  }

  /** 202 with the job that re-classifies; 200 when this version was already the active one. */
  @Put('rules')
  @Roles('admin')
  @ApiBody({ description: 'a ruleset (the shape GET /rules returns under `ruleset`)' })
  async replace(
    @Caller() caller: Principal,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { created, ...outcome } = await this.rules.replace(caller, body);
    response.status(created ? 202 : 200);
    return outcome;
  }

  @Get('rules/jobs')
  @Roles('admin', 'auditor')
  jobs(@Query() query: ListJobsQuery) {
    return this.rules.listJobs({ status: query.status }, query);
  }

  @Get('rules/jobs/:id')
  @Roles('admin', 'auditor')
  job(@Param('id', uuidParam()) id: string) {
    return this.rules.job(id);
  }

  @Get('rules/jobs/:id/changes')
  @Roles('admin', 'auditor')
  changes(@Param('id', uuidParam()) id: string, @Query() query: PageQuery) {
    return this.rules.changes(id, query);
  }
}
