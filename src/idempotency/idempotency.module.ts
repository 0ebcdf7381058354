import { Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';
import { IdempotentRequestsRepository } from './idempotent-requests.repository';

/** Idempotency-Key for the writes a client may retry (SPEC 6; README: Idempotency-Key). */
@Module({
  providers: [IdempotentRequestsRepository, IdempotencyService],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
