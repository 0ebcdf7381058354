import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { LOGGER, type Logger } from '../common/logger';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { LeadersService } from '../leaders/leaders.service';
import { resolveMetricWindow } from '../metrics/metric-window';
import {
  computeIntegrityFlags,
  type IntegrityFlag,
  type IntegrityThresholds,
} from './integrity-flags';
import { IntegrityRepository } from './integrity.repository';

export interface IntegrityReport {
  leaderId: string;
  window: { from: Date; to: Date };
  thresholds: IntegrityThresholds;
  flags: IntegrityFlag[];
}

@Injectable()
export class IntegrityService {
  constructor(
    private readonly integrity: IntegrityRepository,
    private readonly leaders: LeadersService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** SPEC 9 flags for one leader's cases opened in [from, to); existence first, then scope. */
  async flagsForLeader(
    caller: Principal,
    leaderId: string,
    request: { from?: string; to?: string },
  ): Promise<IntegrityReport> {
    await this.leaders.getForCaller(caller, leaderId);
    const { from, to } = resolveMetricWindow(request, this.clock.now());
    const inputs = await this.integrity.loadFlagInputs(leaderId, { from, to });
    const thresholds = this.config.integrityThresholds;
    const flags = computeIntegrityFlags(inputs, thresholds);
    this.logger.info(
      {
        event: 'integrity.flags',
        leaderId,
        cases: inputs.cases.length,
        raised: flags.filter((f) => f.count > 0).map((f) => f.type),
      },
      'integrity flags computed',
    );
    return { leaderId, window: { from, to }, thresholds, flags };
  }
}
