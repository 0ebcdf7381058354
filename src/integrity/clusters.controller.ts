import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { ClustersService } from './clusters.service';
import { CloseDuplicatesDto, ClustersQuery } from './dto/clusters.dto';

@ApiTags('integrity')
@ApiBearerAuth()
@Controller('api/v1/leaders/:id/clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Get()
  list(
    @Caller() caller: Principal,
    @Param('id', uuidParam()) leaderId: string,
    @Query() query: ClustersQuery,
  ) {
    return this.clusters.list(caller, leaderId, query);
  }

  /** Closures are follow-ups (SPEC 6: staff and leader), one audit event each. */
  @Post(':clusterId/close-duplicates')
  @HttpCode(200)
  @Roles('staff', 'leader')
  closeDuplicates(
    @Caller() caller: Principal,
    @Param('id', uuidParam()) leaderId: string,
    @Param('clusterId', uuidParam('clusterId')) clusterId: string,
    @Body() body: CloseDuplicatesDto,
  ) {
    return this.clusters.closeDuplicates(caller, leaderId, clusterId, body.text);
  }
}
