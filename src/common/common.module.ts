import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { LOGGER, type Logger } from './logger';

@Global()
@Module({})
export class CommonModule {
  static forRoot(logger: Logger, clock: Clock): DynamicModule {
    return {
      module: CommonModule,
      providers: [
        { provide: LOGGER, useValue: logger },
        { provide: Clock, useValue: clock },
      ],
      exports: [LOGGER, Clock],
    };
  }
}
