import { Inject, Injectable } from '@nestjs/common';
import { leaderScope, requireLeaderAccess } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { NotFound } from '../common/domain-error';
import { LOGGER, type Logger } from '../common/logger';
import type { Page } from '../common/pagination';
import type { CreateLeaderDto, ListLeadersQuery, UpdateLeaderDto } from './dto/leader.dto';
import type { Leader } from './leader';
import { LeadersRepository } from './leaders.repository';

@Injectable()
export class LeadersService {
  constructor(
    private readonly leaders: LeadersRepository,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async create(request: CreateLeaderDto): Promise<Leader> {
    const leader = await this.leaders.create(request, this.clock.now());
    this.logger.info(
      { event: 'leader.created', leaderId: leader.id, weiboUid: leader.weiboUid },
      'leader created',
    );
    return leader;
  }

  /** The one way every capability reads a leader on behalf of a caller: existence, then scope. */
  async getForCaller(caller: Principal, id: string): Promise<Leader> {
    const leader = await this.leaders.findById(id);
    if (!leader) {
      throw new NotFound('leader', id);
    }
    requireLeaderAccess(caller, id);
    return leader;
  }

  list(caller: Principal, query: ListLeadersQuery): Promise<Page<Leader>> {
    return this.leaders.list(
      {
        ids: leaderScope(caller),
        regionCode: query.regionCode,
        unit: query.unit,
        active: query.active,
      },
      query,
    );
  }

  async update(id: string, changes: UpdateLeaderDto): Promise<Leader> {
    const leader = await this.leaders.update(id, changes, this.clock.now());
    if (!leader) {
      throw new NotFound('leader', id);
    }
    this.logger.info(
      { event: 'leader.updated', leaderId: id, fields: Object.keys(changes) },
      'leader updated',
    );
    return leader;
  }

  /** Deactivation stops polling and keeps every post, case and event. */
  async deactivate(id: string): Promise<Leader> {
    return this.update(id, { active: false });
  }
}
