import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock } from '../common/clock';
import { LOGGER, type Logger } from '../common/logger';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RateLimiter } from './rate-limiter';

/** /public/* per client address: 429 with Retry-After past PUBLIC_RATE_LIMIT_PER_MINUTE. */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.limiter = new RateLimiter(config.publicRateLimitPerMinute);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const client = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const decision = this.limiter.take(client, this.clock.now().getTime());
    if (decision.allowed) {
      return true;
    }
    http.getResponse<Response>().setHeader('Retry-After', String(decision.retryAfterSeconds));
    this.logger.warn(
      { event: 'public.rate_limited', client, retryAfterSeconds: decision.retryAfterSeconds },
      'public report request refused: rate limit',
    );
    throw new HttpException(
      `too many requests; retry after ${decision.retryAfterSeconds} s`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
