import { Global, Module } from '@nestjs/common';
import { loadConfig } from './app-config';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Configuration is read once; tests provide their own object through `AppModule.forRoot`. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config = loadConfig()) {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
