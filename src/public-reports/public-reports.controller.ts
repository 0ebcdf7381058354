import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { PageQuery } from '../common/pagination';
import { uuidParam } from '../common/uuid-param';
import { sendCacheable } from './cacheable';
import { PublicRateLimitGuard } from './public-rate-limit.guard';
import { PublicReportsService } from './public-reports.service';
import { ReportFormatQuery } from './report-format.query';

/** SPEC section 10: the published reports, for anyone, without a key. */
@ApiTags('public')
@Controller('public/reports')
@UseGuards(PublicRateLimitGuard)
export class PublicReportsController {
  constructor(private readonly reports: PublicReportsService) {}

  @Get()
  @Public()
  @ApiProduces('application/json')
  async list(@Query() query: PageQuery, @Req() request: Request, @Res() response: Response) {
    sendCacheable(request, response, await this.reports.list(query));
  }

  /** HTML (zh-CN) by default; `?format=json` or `?format=csv` (UTF-8 with BOM). */
  @Get(':id')
  @Public()
  @ApiProduces('text/html', 'application/json', 'text/csv')
  async report(
    @Param('id', uuidParam()) id: string,
    @Query() query: ReportFormatQuery,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    sendCacheable(request, response, await this.reports.report(id, query.format ?? 'html'));
  }
}
