import { Body, Controller, Get, Headers, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Caller, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { IDEMPOTENCY_KEY_HEADER } from '../idempotency/idempotency-key';
import { CasesService } from './cases.service';
import { CreateFollowUpDto } from './dto/create-follow-up.dto';
import { ListCasesQuery } from './dto/list-cases.query';
import { RecordSatisfactionDto } from './dto/record-satisfaction.dto';
import { FollowUpsService } from './follow-ups.service';
import { SatisfactionService } from './satisfaction.service';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly followUps: FollowUpsService,
    private readonly satisfaction: SatisfactionService,
  ) {}

  @Get('leaders/:id/cases')
  listForLeader(
    @Caller() caller: Principal,
    @Param('id', uuidParam()) leaderId: string,
    @Query() query: ListCasesQuery,
  ) {
    return this.cases.listForLeader(caller, leaderId, query);
  }

  @Get('cases/:id')
  get(@Caller() caller: Principal, @Param('id', uuidParam()) caseId: string) {
    return this.cases.getById(caller, caseId);
  }

  /** SPEC 6: staff and leaders only. An admin is assigned to no leader and records no follow-up. */
  @Post('cases/:id/follow-ups')
  @Roles('staff', 'leader')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  recordFollowUp(
    @Caller() caller: Principal,
    @Param('id', uuidParam()) caseId: string,
    @Body() body: CreateFollowUpDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    return this.followUps.record(caller, caseId, body, idempotencyKey);
  }

  @Post('cases/:id/satisfaction')
  @Roles('staff', 'admin')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  recordSatisfaction(
    @Caller() caller: Principal,
    @Param('id', uuidParam()) caseId: string,
    @Body() body: RecordSatisfactionDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    return this.satisfaction.record(caller, caseId, body, idempotencyKey);
  }
}
