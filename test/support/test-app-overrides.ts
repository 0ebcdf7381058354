/**
 * The test application with some providers replaced (e.g. the Weibo client's
 * time-outs and retries shortened, or a scripted WeiboSource). Everything
 * else is the real app: same module tree, pipes, filter and database.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { validationPipe } from '../../src/app.factory';
import { HttpExceptionFilter } from '../../src/common/http-exception.filter';
import { LOGGER, type Logger, PinoNestLogger } from '../../src/common/logger';
import type { AppConfig } from '../../src/config/app-config';
import { Database } from '../../src/database/database';
import { ADMIN_KEY, testConfig, type TestApp, type TestClock } from './test-app';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface ProviderOverride {
  provide: unknown;
  useValue: unknown;
}

/** Like startTestApp, with `overrides` put in place of the named providers. */
export async function startTestAppWith(options: {
  overrides: ProviderOverride[];
  config?: Partial<AppConfig>;
  clock?: TestClock;
  database?: TestDatabase;
}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  let builder = Test.createTestingModule({
    imports: [AppModule.forRoot(testConfig(database, options.config), { clock: options.clock })],
  });
  for (const override of options.overrides) {
    builder = builder.overrideProvider(override.provide).useValue(override.useValue);
  }
  const moduleRef = await builder.compile();
  // Wired as createApp wires the service (minus the OpenAPI page).
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  const logger = app.get<Logger>(LOGGER);
  app.useLogger(new PinoNestLogger(logger));
  app.useBodyParser('json', { limit: '1mb' });
  app.useGlobalPipes(validationPipe);
  app.useGlobalFilters(new HttpExceptionFilter(logger));
  await app.init();
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  return {
    app,
    http: request(app.getHttpServer()),
    db: app.get(Database),
    database,
    clock: options.clock,
    as,
    admin: as(ADMIN_KEY),
    close: async () => {
      await app.close();
      if (!options.database) {
        await database.drop();
      }
    },
  };
}
