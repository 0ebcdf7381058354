/**
 * What every dashboard suite does around its tests: one seeded service and
 * one Chromium for the file, a fresh page per test that must end with no
 * console errors, signing in as a person does, and the backlog read through
 * the API to know what the screens should show.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { type Browser, launchBrowser } from './browser';
import { type SeededService, type SeedOptions, startSeededService } from './seeded-service';

/** A backlog row as the API sends it, as far as the suites read it. */
export interface BacklogRow {
  id: string;
  status: string;
  firstResponseAt: string | null;
  message: { weiboId: string; authorName: string };
}

export interface DashboardSession {
  /** The service of this file; set once its beforeAll ran. */
  readonly service: SeededService;
  /** This test's page, in a context of its own. */
  readonly page: Page;
  readonly context: BrowserContext;
  /** This test's console errors; the test may drop the ones it caused on purpose. */
  readonly errors: string[];
  /** Closes this context (its console must be clean) and opens a fresh one: another person. */
  renew(): Promise<void>;
  /** Signs in on the login page with `key`, as a person types it, and waits for the nav. */
  signIn(key: string): Promise<void>;
  /** Every backlog row of a leader, page by page, as the admin reads them. */
  backlog(leaderId: string): Promise<BacklogRow[]>;
}

/** Registers the hooks of a dashboard suite in the calling describe block. */
export function dashboardSession(options: SeedOptions = {}): DashboardSession {
  let service: SeededService | undefined;
  let browser: Browser | undefined;
  let current: Awaited<ReturnType<Browser['newPage']>> | undefined;

  beforeAll(async () => {
    service = await startSeededService(options);
    browser = await launchBrowser(service.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });
  beforeEach(async () => {
    current = await browser!.newPage();
  });
  const close = async () => {
    const ended = current!;
    current = undefined;
    await ended.context.close();
    expect(ended.errors).toEqual([]);
  };
  afterEach(close);

  const session: DashboardSession = {
    get service() {
      return service!;
    },
    get page() {
      return current!.page;
    },
    get context() {
      return current!.context;
    },
    get errors() {
      return current!.errors;
    },
    renew: async () => {
      await close();
      current = await browser!.newPage();
    },
    signIn: async (key) => {
      const page = session.page;
      await page.goto('/login');
      await page.getByLabel('访问密钥').fill(key);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('navigation', { name: 'main' }).waitFor();
    },
    backlog: async (leaderId) => {
      const rows: BacklogRow[] = [];
      for (let pageNo = 1; ; pageNo++) {
        const response = await session.service.t.http
          .get(`/api/v1/leaders/${leaderId}/cases?page=${pageNo}&pageSize=200`)
          .set(session.service.t.admin)
          .expect(200);
        rows.push(...(response.body.items as BacklogRow[]));
        if (pageNo * 200 >= response.body.total) {
          return rows;
        }
      }
    },
  };
  return session;
}
