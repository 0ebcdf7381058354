import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { AuditService } from './audit.service';
import { ListAuditEventsQuery } from './dto/list-audit-events.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
@Roles('auditor', 'admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('events')
  list(@Caller() caller: Principal, @Query() query: ListAuditEventsQuery) {
    return this.audit.listForCaller(caller, query);
  }

  @Get('verify')
  verify() {
    return this.audit.verify();
  }
}
