import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions, engineName } from './data-source-options';
import { Database } from './database';
import { migrate } from './migrate';

/** Opens the database, applies pending migrations (one instance at a time), and hands out the `Database` adapter. */
@Global()
@Module({
  providers: [
    {
      provide: Database,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<Database> => {
        const dataSource = new DataSource(dataSourceOptions(config));
        await dataSource.initialize();
        const engine = engineName(config);
        await migrate(dataSource, engine);
        return new Database(dataSource, engine);
      },
    },
  ],
  exports: [Database],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.database.dataSource.isInitialized) {
      await this.database.dataSource.destroy();
    }
  }
}
