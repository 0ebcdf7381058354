import { Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { PublicReportsService } from './public-reports.service';

@ApiTags('snapshots')
@ApiBearerAuth()
@Controller('api/v1/snapshots')
export class PublicationController {
  constructor(private readonly reports: PublicReportsService) {}

  /** Makes a snapshot public at /public/reports/:id, once (a second time: 409). */
  @Post(':id/publish')
  @Roles('admin')
  publish(@Caller() caller: Principal, @Param('id', uuidParam()) id: string) {
    return this.reports.publish(caller, id);
  }
}
