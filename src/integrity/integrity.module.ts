import { Module } from '@nestjs/common';
import { IntegrityController } from './integrity.controller';
import { IntegrityRepository } from './integrity.repository';
import { IntegrityService } from './integrity.service';

/** SPEC 9: integrity flags with evidence, duplicate clusters (LeadersModule is global). */
@Module({
  controllers: [IntegrityController],
  providers: [IntegrityRepository, IntegrityService],
})
export class IntegrityModule {}
