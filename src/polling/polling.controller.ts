import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { uuidParam } from '../common/uuid-param';
import { LeadersService } from '../leaders/leaders.service';
import { FeedsService } from './feeds.service';
import { PollService } from './poll.service';

@ApiTags('feeds')
@ApiBearerAuth()
@Controller('api/v1/leaders/:id')
export class PollingController {
  constructor(
    private readonly polls: PollService,
    private readonly feeds: FeedsService,
    private readonly leaders: LeadersService,
    private readonly clock: Clock,
  ) {}

  @Post('poll')
  @HttpCode(200)
  @Roles('admin')
  async poll(@Caller() caller: Principal, @Param('id', uuidParam()) id: string) {
    await this.leaders.getForCaller(caller, id);
    return this.polls.pollNow(id);
  }

  @Get('feed')
  @Roles('admin', 'auditor', 'leader')
  async feed(@Caller() caller: Principal, @Param('id', uuidParam()) id: string) {
    await this.leaders.getForCaller(caller, id);
    return this.feeds.view(id, this.clock.now());
  }
}
