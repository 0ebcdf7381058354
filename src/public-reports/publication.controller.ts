import { Controller, Headers, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Caller, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { IDEMPOTENCY_KEY_HEADER } from '../idempotency/idempotency-key';
import { PublicReportsService } from './public-reports.service';

@ApiTags('snapshots')
@ApiBearerAuth()
@Controller('api/v1/snapshots')
export class PublicationController {
  constructor(private readonly reports: PublicReportsService) {}

  /** Makes a snapshot public at /public/reports/:id, once (a second time: 409); takes no body. */
  @Post(':id/publish')
  @Roles('admin')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiConflictResponse({
    description:
      'SNAPSHOT_ALREADY_PUBLISHED; SNAPSHOT_SUPERSEDED (a correction replaced it: details.supersededBy names the version to publish); IDEMPOTENCY_KEY_REUSED',
  })
  publish(
    @Caller() caller: Principal,
    @Param('id', uuidParam()) id: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    return this.reports.publish(caller, id, idempotencyKey);
  }
}
