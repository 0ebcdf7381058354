import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IntegrityController } from './integrity.controller';
import { IntegrityRepository } from './integrity.repository';
import { IntegrityService } from './integrity.service';
import { WithdrawalsRepository } from './withdrawals.repository';
import { WithdrawalsService } from './withdrawals.service';

/** SPEC 9: withdrawn content, integrity flags with evidence, duplicate clusters (LeadersModule is global). */
@Module({
  imports: [AuditModule],
  controllers: [IntegrityController],
  providers: [IntegrityRepository, IntegrityService, WithdrawalsRepository, WithdrawalsService],
  exports: [WithdrawalsService],
})
export class IntegrityModule {}
