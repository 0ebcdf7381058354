import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app.factory';
import { Clock } from '../../src/common/clock';
import { type AppConfig, loadConfig } from '../../src/config/app-config';
import { Database } from '../../src/database/database';
import { createTestDatabase, type TestDatabase } from './test-database';

export const ADMIN_KEY = 'msk_test-admin-key-0123456789abcdef';

/** A clock the test moves by hand. */
export class TestClock extends Clock {
  constructor(private current: Date = new Date('2025-03-03T02:00:00Z')) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** The SPEC defaults, on the suite's database, with Weibo unreachable and polling off. */
export function testConfig(database: TestDatabase, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    ...loadConfig({}),
    databaseUrl: database.databaseUrl,
    dataDir: database.dataDir,
    port: 0,
    weiboBaseUrl: 'http://127.0.0.1:9',
    weiboMinIntervalMs: 0,
    pollEnabled: false,
    adminKey: ADMIN_KEY,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...overrides,
  };
}

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  db: Database;
  database: TestDatabase;
  clock?: TestClock;
  /** Authorization header value for a key. */
  as(key: string): { Authorization: string };
  admin: { Authorization: string };
  close(): Promise<void>;
}

/** The real application (real pipes, guards, filters) over a real database. */
export async function startTestApp(
  options: { config?: Partial<AppConfig>; clock?: TestClock; database?: TestDatabase } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const app = await createApp(testConfig(database, options.config), { clock: options.clock });
  await app.init();
  return asTestApp(app, database, options);
}

/** The handles a test needs on a started application; `close` drops a database the app created. */
export function asTestApp(
  app: INestApplication,
  database: TestDatabase,
  options: { clock?: TestClock; database?: TestDatabase },
): TestApp {
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

/** Mints a key of a role through the API, as an administrator would. */
export async function issueKey(
  testApp: TestApp,
  role: string,
  leaderIds?: string[],
): Promise<{ id: string; key: string }> {
  const response = await testApp.http
    .post('/api/v1/api-keys')
    .set(testApp.admin)
    .send({ name: `${role} test key`, role, ...(leaderIds ? { leaderIds } : {}) })
    .expect(201);
  return response.body as { id: string; key: string };
}

let uidCounter = 1_000_000_000 + Math.floor(Math.random() * 1_000_000);

export async function createLeader(
  testApp: TestApp,
  fields: Partial<{
    name: string;
    title: string;
    unit: string;
    regionCode: string;
    weiboUid: string;
  }> = {},
): Promise<{ id: string; weiboUid: string; name: string }> {
  const response = await testApp.http
    .post('/api/v1/leaders')
    .set(testApp.admin)
    .send({
      name: '王建国',
      title: '公安局局长',
      unit: 'A市公安局',
      regionCode: '430100',
      weiboUid: String(uidCounter++),
      ...fields,
    })
    .expect(201);
  return response.body as { id: string; weiboUid: string; name: string };
}
