import { Global, Module } from '@nestjs/common';
import { LeadersController } from './leaders.controller';
import { LeadersRepository } from './leaders.repository';
import { LeadersService } from './leaders.service';

@Global()
@Module({
  controllers: [LeadersController],
  providers: [LeadersRepository, LeadersService],
  exports: [LeadersService, LeadersRepository],
})
export class LeadersModule {}
