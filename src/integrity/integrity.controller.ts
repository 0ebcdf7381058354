import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { IntegrityWindowQuery } from './dto/integrity-window.query';
import { IntegrityService } from './integrity.service';

@ApiTags('integrity')
@ApiBearerAuth()
@Controller('api/v1/integrity')
export class IntegrityController {
  constructor(private readonly integrity: IntegrityService) {}

  @Get('leaders/:id')
  @Roles('auditor', 'admin', 'leader')
  flags(
    @Caller() caller: Principal,
    @Param('id', uuidParam()) id: string,
    @Query() query: IntegrityWindowQuery,
  ) {
    return this.integrity.flagsForLeader(caller, id, query);
  }
}
