import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { CreateLeaderDto, ListLeadersQuery, UpdateLeaderDto } from './dto/leader.dto';
import { LeadersService } from './leaders.service';

@ApiTags('leaders')
@ApiBearerAuth()
@Controller('api/v1/leaders')
export class LeadersController {
  constructor(private readonly leaders: LeadersService) {}

  @Post()
  @Roles('admin')
  create(@Body() body: CreateLeaderDto) {
    return this.leaders.create(body);
  }

  @Get()
  list(@Caller() caller: Principal, @Query() query: ListLeadersQuery) {
    return this.leaders.list(caller, query);
  }

  @Get(':id')
  get(@Caller() caller: Principal, @Param('id', uuidParam()) id: string) {
    return this.leaders.getForCaller(caller, id);
  }

  @Patch(':id')
  @Roles('admin')
  update(@Param('id', uuidParam()) id: string, @Body() body: UpdateLeaderDto) {
    return this.leaders.update(id, body);
  }

  @Delete(':id')
  @Roles('admin')
  deactivate(@Param('id', uuidParam()) id: string) {
    return this.leaders.deactivate(id);
  }
}
