import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { AppealsService } from './appeals.service';
import { DecideAppealDto, FileAppealDto, ListAppealsQuery } from './dto/appeal.dto';

@ApiTags('appeals')
@ApiBearerAuth()
@Controller('api/v1')
export class AppealsController {
  constructor(private readonly appeals: AppealsService) {}

  @Post('snapshots/:id/appeals')
  @Roles('leader', 'admin')
  file(
    @Caller() caller: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: FileAppealDto,
  ) {
    return this.appeals.file(caller, id, body);
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
