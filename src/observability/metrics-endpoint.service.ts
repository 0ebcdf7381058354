import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { Unauthenticated } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { bearerMatches } from './route-label';

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

function equalInConstantTime(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** GET /metrics: the registry in the Prometheus text format, behind METRICS_TOKEN when set. */
@Injectable()
export class MetricsEndpointService {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get contentType(): string {
    return this.registry.contentType;
  }

  async scrape(authorization: unknown): Promise<string> {
    const token = this.config.metricsToken;
    if (token !== null && !bearerMatches(authorization, token, equalInConstantTime)) {
      throw new Unauthenticated('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
    }
    return this.registry.metrics();
  }
}
