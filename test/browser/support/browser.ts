/**
 * Debian's Chromium driven by playwright-core (no browser download: the
 * package at /usr/bin/chromium is the browser), headless, with a new empty
 * profile, and every console error of every page collected.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  /** A fresh context (no cookies) and page; its console errors land in `errors`. */
  newPage(): Promise<{ page: Page; context: BrowserContext; errors: string[] }>;
  close(): Promise<void>;
}

export async function launchBrowser(baseURL: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser suite needs Chromium at ${CHROMIUM}, which is missing. Install the Debian package ` +
        '(apt-get update && apt-get install -y chromium) or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  // launch() starts Chromium on a new, empty, temporary profile of its own.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  return {
    newPage: async () => {
      // The browser's zone is not Beijing's: the page must still show Beijing time.
      const context = await browser.newContext({
        baseURL,
        viewport: { width: 1440, height: 900 },
        locale: 'zh-CN',
        timezoneId: 'Europe/London',
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') {
          errors.push(`${page.url()}: ${message.text()}`);
        }
      });
      page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
      return { page, context, errors };
    },
    close: () => browser.close(),
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  // From the top, so the sticky nav bar sits where a person sees it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
