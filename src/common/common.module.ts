import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { InstanceIdentity } from './instance-identity';
import { LOGGER, type Logger } from './logger';

@Global()
@Module({})
export class CommonModule {
  static forRoot(
    logger: Logger,
    clock: Clock,
    identity: InstanceIdentity = new InstanceIdentity(),
  ): DynamicModule {
    return {
      module: CommonModule,
      providers: [
        { provide: LOGGER, useValue: logger },
        { provide: Clock, useValue: clock },
        { provide: InstanceIdentity, useValue: identity },
      ],
      exports: [LOGGER, Clock, InstanceIdentity],
    };
  }
}
