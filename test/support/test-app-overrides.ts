/**
 * The test application with some providers replaced (e.g. the Weibo client's
 * time-outs and retries shortened, or a scripted WeiboSource). Everything
 * else is the real app: same module tree, pipes, filter and database.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { APPLICATION_OPTIONS, configureApp } from '../../src/app.factory';
import type { AppConfig } from '../../src/config/app-config';
import { asTestApp, testConfig, type TestApp, type TestClock } from './test-app';
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
  const app = configureApp(
    moduleRef.createNestApplication<NestExpressApplication>(APPLICATION_OPTIONS),
  );
  await app.init();
  return asTestApp(app, database, options);
}
