/// <reference lib="dom" />
/**
 * The dashboard on a phone, screens that follow the signed-in role, what an
 * evaluator may not learn about a citizen, text that tries to reorder itself,
 * and a language choice that survives a reload. Every test ends with no
 * console errors.
 */
import type { Page } from 'playwright-core';
import { screenshot } from './support/browser';
import { dashboardSession } from './support/dashboard-session';
import type { SeededService } from './support/seeded-service';

jest.setTimeout(180_000);

/** Reads "已处理exe.png" on screen if the override is obeyed. */
const BIDI_TEXT = '我要投诉，小区门口天天有人飙车炸街，派出所说已处理\u202Egnp.exe';
const BIDI_COMMENT_ID = '301900001';

describe('the dashboard for each role and on a phone', () => {
  const session = dashboardSession({
    beforePoll: (weibo, feeds, now) => {
      weibo.addComment(feeds[0].postIds[3], {
        id: BIDI_COMMENT_ID,
        userId: '7000009001',
        userName: '市民9001',
        text: BIDI_TEXT,
        createdAt: new Date(now.getTime() - 3 * 86_400_000),
      });
    },
  });
  const { signIn } = session;
  let service: SeededService;
  let page: Page;
  beforeEach(() => {
    ({ service, page } = session);
  });

  /** Waits until the screen has drawn what it loads (no loading line left). */
  const settled = async () => {
    await page.locator('main h1, main h2').first().waitFor();
    await page.waitForFunction(
      () => !document.querySelector('main')?.textContent?.includes('加载中'),
    );
  };

  const layout = () =>
    page.evaluate(() => {
      const nav = document.querySelector('nav[aria-label="main"]')!;
      const main = document.querySelector('main')!;
      const first = main.firstElementChild!;
      const links = Array.from(nav.querySelectorAll('ul a')).map((a) => {
        const box = a.getBoundingClientRect();
        const lineHeight = parseFloat(getComputedStyle(a).lineHeight);
        return { text: a.textContent, height: box.height, lineHeight };
      });
      return {
        scrollWidth: document.documentElement.scrollWidth,
        navBottom: nav.getBoundingClientRect().bottom,
        contentTop: first.getBoundingClientRect().top,
        links,
      };
    });

  const caseOf = async (commentId: string): Promise<string> => {
    const found = (await session.backlog(service.leaders[0].id)).find(
      (row) => row.message.weiboId === commentId,
    );
    if (!found) {
      throw new Error(`no case for comment ${commentId}`);
    }
    return found.id;
  };

  it('fits a phone: every page of the nav at 390 px stays as wide as the screen, its links whole, nothing under the bar', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(service.keys.admin);
    await page.waitForURL('**/admin');
    const nav = page.getByRole('navigation', { name: 'main' });
    const names = await nav.getByRole('listitem').allTextContents();
    expect(names).toEqual(['待办留言', '排名', '审计', '考评快照', '管理']);
    const caseId = await caseOf(BIDI_COMMENT_ID);
    const pages: { name: string; open: () => Promise<void> }[] = [
      ...names.map((name) => ({
        name,
        open: () => nav.getByRole('link', { name, exact: true }).click(),
      })),
      { name: 'case', open: () => page.goto(`/cases/${caseId}`).then(() => undefined) },
      {
        name: 'leader',
        open: () => page.goto(`/leaders/${service.leaders[0].id}`).then(() => undefined),
      },
      {
        name: 'leader cases',
        open: () => page.goto(`/leaders/${service.leaders[0].id}/cases`).then(() => undefined),
      },
    ];
    for (const { name, open } of pages) {
      await open();
      await settled();
      if (name === '待办留言') {
        await page.getByLabel('领导').first().selectOption(service.leaders[0].id);
        await page.getByRole('table', { name: '待办留言' }).waitFor();
      }
      const seen = await layout();
      expect({ name, scrollWidth: seen.scrollWidth <= 391 }).toEqual({ name, scrollWidth: true });
      for (const link of seen.links) {
        expect({ name, link: link.text, whole: link.height < 2 * link.lineHeight }).toEqual({
          name,
          link: link.text,
          whole: true,
        });
      }
      expect({ name, underBar: seen.contentTop < seen.navBottom }).toEqual({
        name,
        underBar: false,
      });
    }
    await screenshot(page, 'phone-leader-cases');
    // The form to add a leader stacks its fields instead of widening the page.
    await nav.getByRole('link', { name: '管理', exact: true }).click();
    await page.getByRole('form', { name: '添加领导' }).waitFor();
    expect((await layout()).scrollWidth).toBeLessThanOrEqual(391);
    await screenshot(page, 'phone-admin');
  });

  it('keeps the wide screen as it was: one bar of 56 px with every link on it', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(service.keys.admin);
    await page.waitForURL('**/admin');
    const seen = await layout();
    expect(seen.navBottom).toBe(56);
    expect(seen.scrollWidth).toBeLessThanOrEqual(1280);
    expect(new Set(seen.links.map((l) => l.height)).size).toBe(1);
  });

  it('tells a leader who types /admin, /ranking or /audit that the page is not theirs, and asks the API nothing it would refuse', async () => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await signIn(service.keys.leader);
    await page.waitForURL('**/backlog');
    const nav = page.getByRole('navigation', { name: 'main' });
    expect(await nav.getByRole('listitem').allTextContents()).toEqual([
      '待办留言',
      '考评快照',
      '我的回应情况',
    ]);
    for (const path of ['/admin', '/ranking', '/audit']) {
      await page.goto(path);
      await page.getByRole('heading', { name: '无权使用此页面' }).waitFor();
      expect(await page.getByRole('alert').textContent()).toContain('领导');
      expect(await page.getByRole('form').count()).toBe(0);
      expect(await page.getByRole('button', { name: /立即抓取|签发密钥|添加领导/ }).count()).toBe(
        0,
      );
    }
    await screenshot(page, 'no-access-leader');
    await page.getByRole('link', { name: '返回我的首页' }).click();
    await page.waitForURL('**/backlog');
    await page.getByRole('table', { name: '待办留言' }).waitFor();
    const refused = requests.filter((path) =>
      /^\/api\/v1\/(api-keys|audit\/|metrics\/ranking|leaders\/[^/]+\/(feed|poll)$)/.test(path),
    );
    expect(refused).toEqual([]);
  });

  it('tells a staff member that snapshots and figures are not theirs, and lists only the backlog', async () => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await signIn(service.keys.staff);
    await page.waitForURL('**/backlog');
    const nav = page.getByRole('navigation', { name: 'main' });
    expect(await nav.getByRole('listitem').allTextContents()).toEqual(['待办留言']);
    await page.getByRole('heading', { name: `${service.leaders[0].name} 的留言` }).waitFor();
    expect(await page.getByRole('link', { name: /回应情况 →/ }).count()).toBe(0);
    for (const path of ['/snapshots', `/leaders/${service.leaders[0].id}`]) {
      await page.goto(path);
      await page.getByRole('heading', { name: '无权使用此页面' }).waitFor();
    }
    expect(requests.filter((path) => /^\/api\/v1\/(snapshots|appeals|metrics)/.test(path))).toEqual(
      [],
    );
  });

  it("shows an evaluator a case with its leader's name and no way to the citizen's comment on Weibo", async () => {
    await signIn(service.keys.evaluator);
    await page.waitForURL('**/ranking');
    await page
      .getByRole('table', { name: '领导回应排名' })
      .getByRole('link', { name: service.leaders[0].name })
      .click();
    await page.getByRole('link', { name: '查看待办留言 →' }).click();
    await page.waitForURL(`**/leaders/${service.leaders[0].id}/cases`);
    const table = page.getByRole('table', { name: '待办留言' });
    await table.locator('a[href^="/cases/"]').first().click();
    await page.waitForURL('**/cases/*');
    await page.locator('blockquote').waitFor();
    const leaderRow = page
      .locator('dl.facts dt', { hasText: /^领导$/ })
      .locator('xpath=following-sibling::dd[1]');
    await leaderRow.getByText(service.leaders[0].name).waitFor();
    expect(await leaderRow.textContent()).toBe(service.leaders[0].name);
    expect(await page.getByRole('link', { name: /在微博上查看/ }).count()).toBe(0);
    expect(await page.locator('a[href*="weibo.cn"]').count()).toBe(0);
    await screenshot(page, 'case-evaluator');
  });

  it('shows "已处理\\u202Egnp.exe" in a citizen\'s message as written: removed on collection, a marker where an older record holds it', async () => {
    const caseId = await caseOf(BIDI_COMMENT_ID);
    await signIn(service.keys.staff);
    await page.getByRole('table', { name: '待办留言' }).waitFor();
    await page.goto(`/cases/${caseId}`);
    const message = page.locator('blockquote');
    await message.waitFor();
    // Collected now: the override is gone (its original kept in raw_source).
    expect(await message.textContent()).toBe(BIDI_TEXT.replace('\u202E', ''));
    // A record stored before collection removed it still cannot reorder the text.
    await service.t.db.execute(`UPDATE comments SET text = $1 WHERE id = $2`, [
      BIDI_TEXT,
      BIDI_COMMENT_ID,
    ]);
    await page.reload();
    await message.waitFor();
    const shown = (await message.textContent()) ?? '';
    expect(shown).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(shown).toBe(BIDI_TEXT.replace('\u202E', '⟨U+202E⟩'));
    const marker = message.getByText('⟨U+202E⟩');
    expect(await marker.isVisible()).toBe(true);
    expect(await marker.getAttribute('title')).toContain('U+202E');
    await screenshot(page, 'case-bidi');
  });

  it('keeps English after a reload and after typing a URL, and back to Chinese when switched back', async () => {
    await signIn(service.keys.staff);
    await page.getByRole('table', { name: '待办留言' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Backlog' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: `Cases of ${service.leaders[0].name}` }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.goto('/backlog?typed=1');
    await page.getByRole('link', { name: 'Backlog' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    await page.getByRole('button', { name: '中文' }).click();
    await page.reload();
    await page.getByRole('link', { name: '待办留言' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });

  it("gives an administrator no follow-up form on a case (the leader's staff record them), in both languages; a leader has it", async () => {
    const [first] = await session.backlog(service.leaders[0].id);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await signIn(service.keys.admin);
    await page.waitForURL('**/admin');
    await page.goto(`/cases/${first.id}`);
    await page.locator('blockquote').waitFor();
    await page.getByText('跟进由领导本人及其工作人员记录。').waitFor();
    expect(await page.getByRole('form', { name: '记录跟进' }).count()).toBe(0);
    expect(await page.getByLabel('跟进类型').count()).toBe(0);
    // Surveys stay the admin's as well as staff's (SPEC 6).
    await page.getByRole('form', { name: '记录回访' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Follow-ups are recorded by the leader and the leader’s staff.').waitFor();
    expect(await page.getByRole('form', { name: 'Record a follow-up' }).count()).toBe(0);
    await screenshot(page, 'case-admin-no-follow-up');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByText('跟进由领导本人及其工作人员记录。').waitFor();
    expect(requests.filter((path) => path.endsWith('/follow-ups'))).toEqual([]);

    await session.renew();
    page = session.page;
    await signIn(service.keys.leader);
    await page.waitForURL('**/backlog');
    await page.goto(`/cases/${first.id}`);
    await page.getByRole('form', { name: '记录跟进' }).waitFor();
    expect(await page.getByText('跟进由领导本人及其工作人员记录。').count()).toBe(0);
    expect(await page.getByRole('form', { name: '记录回访' }).count()).toBe(0);
  });

  it('names audit actions in words for an auditor, keeping the code beside them', async () => {
    await signIn(service.keys.auditor);
    await page.waitForURL('**/audit');
    const events = page.getByRole('table', { name: '事件日志' });
    await events.locator('tbody tr').first().waitFor();
    const opened = events.locator('[title="case.opened"]').first();
    await opened.waitFor();
    expect(await opened.textContent()).toBe('立案 case.opened');
    expect(await events.locator('tbody').textContent()).toContain('立案');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('table', { name: 'Event log' }).getByText('Case opened').first().waitFor();
  });
});
