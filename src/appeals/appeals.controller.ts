import { Body, Controller, Get, Headers, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Caller, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { IDEMPOTENCY_KEY_HEADER } from '../idempotency/idempotency-key';
import { AppealsService } from './appeals.service';
import { DecideAppealDto, FileAppealDto, ListAppealsQuery } from './dto/appeal.dto';

@ApiTags('appeals')
@ApiBearerAuth()
@Controller('api/v1')
export class AppealsController {
  constructor(private readonly appeals: AppealsService) {}

  @Post('snapshots/:id/appeals')
  @Roles('leader', 'admin')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiConflictResponse({
    description:
      'APPEAL_ALREADY_PENDING (a case is under an appeal not yet decided, named in details.appealId), SNAPSHOT_SUPERSEDED, APPEAL_DEADLINE_PASSED, IDEMPOTENCY_KEY_REUSED',
  })
  file(
    @Caller() caller: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: FileAppealDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    return this.appeals.file(caller, id, body, idempotencyKey);
  }

  @Get('appeals')
  @Roles('evaluator', 'auditor', 'admin', 'leader')
  list(@Caller() caller: Principal, @Query() query: ListAppealsQuery) {
    return this.appeals.list(caller, query);
  }

  @Get('appeals/:id')
  @Roles('evaluator', 'auditor', 'admin', 'leader')
  get(@Caller() caller: Principal, @Param('id', uuidParam()) id: string) {
    return this.appeals.get(caller, id);
  }

  @Post('appeals/:id/decision')
  @Roles('evaluator', 'admin')
  decide(
    @Caller() caller: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: DecideAppealDto,
  ) {
    return this.appeals.decide(caller, id, body);
  }
}
