import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { ClustersController } from './clusters.controller';
import { ClustersRepository } from './clusters.repository';
import { ClustersService } from './clusters.service';
import { IntegrityController } from './integrity.controller';
import { IntegrityRepository } from './integrity.repository';
import { IntegrityService } from './integrity.service';

/** SPEC 9: integrity flags with evidence, duplicate clusters (LeadersModule is global). */
@Module({
  imports: [AuditModule, CasesModule],
  controllers: [IntegrityController, ClustersController],
  providers: [IntegrityRepository, IntegrityService, ClustersRepository, ClustersService],
  exports: [ClustersService],
})
export class IntegrityModule {}
