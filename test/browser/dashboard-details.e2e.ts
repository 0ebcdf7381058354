/// <reference lib="dom" />
/**
 * What the dashboard tells a person about deadlines, refusals, dates and
 * irreversible steps: which clock a case is overdue on, a response that
 * came late, a form that keeps what was typed when the service refuses it,
 * the refusal said in the interface language, chart dates in English, a
 * phone that shows whole names, and a confirmation before what cannot be
 * undone. Every test ends with no console errors.
 */
import type { Locator, Page } from 'playwright-core';
import { screenshot } from './support/browser';
import { dashboardSession } from './support/dashboard-session';
import type { SeededService } from './support/seeded-service';

jest.setTimeout(180_000);

const DAY = 86_400_000;
/** Twenty days old, answered by the leader ten days later: late, and past its resolve-by deadline. */
const LATE_COMMENT_ID = '301800001';
/** Twenty days old and never answered: overdue on both clocks. */
const UNANSWERED_COMMENT_ID = '301800002';

/** The API's view of one backlog row, as far as these tests read it. */
interface ClockedRow {
  id: string;
  overdue: boolean;
  resolveOverdue: boolean;
  firstResponseAt: string | null;
  acknowledgeDeadline: string;
  message: { weiboId: string };
}

describe('the dashboard on deadlines, refusals and irreversible steps', () => {
  const session = dashboardSession({
    beforePoll: (weibo, feeds, now) => {
      const pinned = feeds[0].postIds[0];
      const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
      weibo.addComment(pinned, {
        id: LATE_COMMENT_ID,
        userId: '7000008001',
        userName: '市民8001',
        text: '我要投诉，菜市场旁边有人非法改装车辆，噪音太大了，派出所也不管',
        createdAt: at(20),
      });
      weibo.addReply(LATE_COMMENT_ID, {
        id: '301800003',
        userId: feeds[0].uid,
        userName: '王建国',
        text: '已安排辖区派出所核实处理，感谢反映',
        createdAt: at(10),
      });
      // The oldest deadline of all: the seeded staff follow-up and survey (the backlog's first case) land here.
      weibo.addComment(pinned, {
        id: '301800004',
        userId: '7000008004',
        userName: '市民8004',
        text: '我要投诉，楼下烧烤店油烟扰民，投诉了好几次都没人处理',
        createdAt: at(25),
      });
      weibo.addComment(pinned, {
        id: UNANSWERED_COMMENT_ID,
        userId: '7000008002',
        userName: '市民8002',
        text: '投诉：小区物业乱收停车费，业主多次反映无人处理',
        createdAt: at(20),
      });
    },
  });
  const { signIn } = session;
  let service: SeededService;
  let page: Page;
  beforeEach(() => {
    ({ service, page } = session);
  });

  const rows = async (leaderId: string): Promise<ClockedRow[]> =>
    (await session.backlog(leaderId)) as unknown as ClockedRow[];

  const caseOf = async (commentId: string): Promise<ClockedRow> => {
    const found = (await rows(service.leaders[0].id)).find(
      (row) => row.message.weiboId === commentId,
    );
    if (!found) {
      throw new Error(`no case for comment ${commentId}`);
    }
    return found;
  };

  /** The labelled deadline marks a backlog row shows, in the order they are drawn. */
  const badgesOf = async (row: Locator) => {
    const shown: string[] = [];
    for (const label of ['回应超时', '迟复', '办结超时']) {
      if ((await row.getByText(label, { exact: true }).count()) > 0) {
        shown.push(label);
      }
    }
    return shown;
  };
  /** The rows of a case table (the header row holds no link). */
  const caseRows = (table: Locator) =>
    table.getByRole('row').filter({ has: page.getByRole('link') });

  const caseIdOf = async (row: Locator) =>
    ((await row.locator('a[href^="/cases/"]').getAttribute('href')) ?? '').replace('/cases/', '');

  it('filters on the response clock and marks each missed deadline with its own label, so a "not overdue" row never looks overdue without saying which clock', async () => {
    const late = await caseOf(LATE_COMMENT_ID);
    const unanswered = await caseOf(UNANSWERED_COMMENT_ID);
    expect(late).toMatchObject({ overdue: false, resolveOverdue: true });
    expect(Date.parse(late.firstResponseAt!)).toBeGreaterThan(Date.parse(late.acknowledgeDeadline));
    expect(unanswered).toMatchObject({ overdue: true, resolveOverdue: true });
    const byId = new Map((await rows(service.leaders[0].id)).map((row) => [row.id, row]));

    await signIn(service.keys.leader);
    await page.waitForURL('**/backlog');
    const table = page.getByRole('table', { name: '待办留言' });
    await table.waitFor();
    const filter = page.getByLabel('回应超时');
    // The filter says which clock it is about.
    expect(await page.getByText('未回应且已过首次回应截止').isVisible()).toBe(true);
    expect(await filter.locator('option').evaluateAll((o) => o.map((x) => x.textContent))).toEqual([
      '全部',
      '仅回应超时',
      '不含回应超时',
    ]);

    await filter.selectOption({ label: '不含回应超时' });
    await page.waitForURL(/overdue=false/);
    await table.getByRole('link', { name: /菜市场旁边有人非法改装车辆/ }).waitFor();
    // The unanswered, overdue case is in the unfiltered list: wait until the filtered one replaced it.
    await table.getByRole('link', { name: /小区物业乱收停车费/ }).waitFor({ state: 'detached' });
    const shown = caseRows(table);
    expect(await shown.count()).toBeGreaterThan(0);
    for (const row of await shown.all()) {
      const id = await caseIdOf(row);
      const badges = await badgesOf(row);
      const api = byId.get(id)!;
      expect({ id, badges }).toEqual({
        id,
        badges: [
          ...(api.firstResponseAt && api.firstResponseAt > api.acknowledgeDeadline ? ['迟复'] : []),
          ...(api.resolveOverdue ? ['办结超时'] : []),
        ],
      });
      // Whatever the row is late on, it says so by name: never a bare "超时".
      expect(await row.textContent()).not.toMatch(/(^|[^应结])超时/);
    }
    const lateRow = caseRows(table).filter({ hasText: '菜市场旁边有人非法改装车辆' });
    expect(await badgesOf(lateRow)).toEqual(['迟复', '办结超时']);
    expect(await lateRow.textContent()).toMatch(/办结超时 \d+天/);
    await screenshot(page, 'backlog-not-response-overdue');

    // Kept in the URL: a reload shows the same filter and rows.
    await page.reload();
    await table.getByRole('link', { name: /菜市场旁边有人非法改装车辆/ }).waitFor();
    expect(await page.getByLabel('回应超时').inputValue()).toBe('false');

    await page.getByLabel('回应超时').selectOption({ label: '仅回应超时' });
    await page.waitForURL(/overdue=true/);
    await table.getByRole('link', { name: /小区物业乱收停车费/ }).waitFor();
    for (const row of await caseRows(table).all()) {
      const badges = await badgesOf(row);
      expect(badges[0]).toBe('回应超时');
      expect(byId.get(await caseIdOf(row))?.overdue).toBe(true);
    }
    const unansweredRow = caseRows(table).filter({ hasText: '小区物业乱收停车费' });
    expect(await badgesOf(unansweredRow)).toEqual(['回应超时', '办结超时']);
    expect(await unansweredRow.textContent()).toMatch(/回应超时 \d+天/);
    await screenshot(page, 'backlog-response-overdue');
  });

  it('keeps a late first response on the record: the deadline card says it came late and by how much, in both languages', async () => {
    const unanswered = await caseOf(UNANSWERED_COMMENT_ID);
    await signIn(service.keys.staff);
    await page.getByRole('table', { name: '待办留言' }).waitFor();
    await page.goto(`/cases/${unanswered.id}`);
    const clocks = page.getByRole('region', { name: '时限' });
    await clocks.getByText('回应超时', { exact: true }).waitFor();
    expect(await clocks.getByText(/^迟复/).count()).toBe(0);

    // Staff respond now, nineteen days after the respond-by deadline.
    const form = page.getByRole('form', { name: '记录跟进' });
    await form.getByLabel('跟进类型').selectOption('responded');
    await form.getByLabel('跟进说明').fill('已电话联系业主，物业收费问题已转市场监管部门核查');
    await form.getByRole('button', { name: '提交' }).click();
    await page.getByText('跟进已记录。').waitFor();
    const lateBadge = clocks.getByText(/^迟复 \d+天/);
    await lateBadge.waitFor();
    const days = Number(/迟复 (\d+)天/.exec((await lateBadge.textContent()) ?? '')?.[1]);
    const after = await caseOf(UNANSWERED_COMMENT_ID);
    const expectedDays = Math.floor(
      (Date.parse(after.firstResponseAt!) - Date.parse(after.acknowledgeDeadline)) / DAY,
    );
    expect(days).toBe(expectedDays);
    expect(days).toBeGreaterThanOrEqual(18);
    // No longer "no response past the deadline", and the card says so.
    expect(await clocks.getByText('回应超时', { exact: true }).count()).toBe(0);
    expect(await clocks.textContent()).toContain('比截止时间晚');
    await screenshot(page, 'case-answered-late');

    await page.getByRole('button', { name: 'English' }).click();
    await page
      .getByRole('region', { name: 'Deadlines' })
      .getByText(new RegExp(`^answered ${days} d( \\d+ h)? late$`))
      .waitFor();
  });

  it('keeps what an administrator typed when the service refuses a leader, and says why next to the form in words', async () => {
    await signIn(service.keys.admin);
    await page.waitForURL('**/admin');
    const form = page.getByRole('form', { name: '添加领导' });
    const typed = {
      姓名: '周明',
      职务: '街道办主任',
      单位: '橘子洲街道办事处',
      区划代码: 'abc',
      '微博 UID': service.leaders[1].weiboUid,
    };
    for (const [label, value] of Object.entries(typed)) {
      await form.getByLabel(label).fill(value);
    }
    await form.getByRole('button', { name: '添加领导' }).click();
    const refusal = form.getByRole('alert');
    await refusal.getByText('区划代码：应为 6 位行政区划代码（如 430100）').waitFor();
    // The service's own words stay, in small type, after the sentence; no retry for bad input.
    expect(await refusal.textContent()).toContain('400 · ');
    expect(await refusal.getByRole('button', { name: '重试' }).count()).toBe(0);
    for (const [label, value] of Object.entries(typed)) {
      expect({ label, value: await form.getByLabel(label).inputValue() }).toEqual({ label, value });
    }
    expect(await form.getByLabel('区划代码').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'admin-leader-refused');

    // Changing the field clears the stale refusal; the duplicate uid is the next one.
    await form.getByLabel('区划代码').fill('430104');
    expect(await form.getByRole('alert').count()).toBe(0);
    await form.getByRole('button', { name: '添加领导' }).click();
    await form
      .getByRole('alert')
      .getByText(`微博 UID ${service.leaders[1].weiboUid} 已属于另一位领导。`)
      .waitFor();
    expect(await form.getByLabel('姓名').inputValue()).toBe('周明');
    expect(await form.getByLabel('微博 UID').getAttribute('aria-invalid')).toBe('true');

    // A name of spaces is refused by the service, named by its label.
    await form.getByLabel('姓名').fill('   ');
    await form.getByLabel('微博 UID').fill('2803309998');
    await form.getByRole('button', { name: '添加领导' }).click();
    await form
      .getByRole('alert')
      .getByText(/^姓名：/)
      .waitFor();
    expect(await form.getByLabel('姓名').inputValue()).toBe('   ');

    await form.getByLabel('姓名').fill('周明');
    await form.getByRole('button', { name: '添加领导' }).click();
    await page.getByRole('table', { name: '领导名录' }).getByText('周明').waitFor();
    await page.getByText('已保存：周明。').waitFor();
    expect(await form.getByLabel('姓名').inputValue()).toBe('');
    // The refused attempts were 400s and a 409 the page explained: not errors of the page.
    session.errors.splice(
      0,
      session.errors.length,
      ...session.errors.filter((e) => !/status of (400|409)/.test(e)),
    );
  });

  it('says a follow-up refusal in words, offers no retry for it, and forgets it when the form changes', async () => {
    const unanswered = await caseOf(UNANSWERED_COMMENT_ID);
    await signIn(service.keys.staff);
    await page.getByRole('table', { name: '待办留言' }).waitFor();
    await page.goto(`/cases/${unanswered.id}`);
    const form = page.getByRole('form', { name: '记录跟进' });
    await form.getByLabel('跟进类型').selectOption('duplicate');
    await form.getByLabel('跟进说明').fill('与另一条留言重复');
    await form.getByLabel('重复的留言编号').fill('abc');
    await form.getByRole('button', { name: '提交' }).click();
    const refusal = form.getByRole('alert');
    await refusal.getByText('重复的留言编号：不是有效的编号').waitFor();
    expect(await refusal.textContent()).toContain('400 · duplicateOf must be a UUID');
    expect(await refusal.getByRole('button', { name: '重试' }).count()).toBe(0);
    await form.getByLabel('跟进类型').selectOption('note');
    expect(await form.getByRole('alert').count()).toBe(0);
    session.errors.splice(
      0,
      session.errors.length,
      ...session.errors.filter((e) => !e.includes('status of 400')),
    );
  });

  it('labels English chart weeks by month and day from the data, never a cut-off "/2026"', async () => {
    await signIn(service.keys.admin);
    await page.waitForURL('**/admin');
    await page.getByRole('button', { name: 'English' }).click();
    await page.goto(`/leaders/${service.leaders[0].id}`);
    const weekly = page.getByRole('img', { name: 'Weekly cases and on-time response rate' });
    await weekly.locator('canvas').waitFor();
    const weeksOf = async (name: string, tableName = `${name} (data)`) => {
      const table = page.getByRole('table', { name: tableName });
      if (!(await table.isVisible())) {
        await page
          .locator('figure', { has: page.getByRole('img', { name }) })
          .getByText('Show the data as a table')
          .click();
      }
      return table.getByRole('rowheader').allTextContents();
    };
    const english = await weeksOf('Weekly cases and on-time response rate');
    expect(english).toHaveLength(6);
    for (const label of english) {
      expect(label).toMatch(/^(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])$/);
    }
    expect(await weeksOf('Weekly coverage')).toEqual(english);
    // The same weeks, in order, a week apart, as the last one the service counted from.
    const year = new Date().getUTCFullYear();
    const times = english.map((label) => {
      const [month, day] = label.split('/').map(Number);
      return Date.UTC(year, month - 1, day);
    });
    for (let i = 1; i < times.length; i++) {
      expect([7 * DAY, 7 * DAY - 365 * DAY, 7 * DAY - 366 * DAY]).toContain(
        times[i] - times[i - 1],
      );
    }
    // The backlog chart names its axes, and every chart describes its figures in words.
    const backlog = page.getByRole('img', { name: 'Backlog by age' });
    const described = await backlog.evaluate(
      (element) =>
        document.getElementById(element.getAttribute('aria-describedby') ?? '')?.textContent ?? '',
    );
    expect(described).toContain('Age of the case / Open cases');
    expect(described).toMatch(/< 1 day: \d+/);
    await screenshot(page, 'leader-charts-english');

    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('img', { name: '每周留言数与按时回应率' }).locator('canvas').waitFor();
    expect(await weeksOf('每周留言数与按时回应率', '每周留言数与按时回应率（数据）')).toEqual(
      english,
    );
  });

  it("shows a leader who opens another leader's figures one refusal with the way home, and asks for nothing else", async () => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await signIn(service.keys.leader);
    await page.waitForURL('**/backlog');
    requests.length = 0;
    await page.goto(`/leaders/${service.leaders[1].id}`);
    await page.getByRole('heading', { name: '无权查看此内容' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(1);
    expect(await page.getByRole('img').count()).toBe(0);
    expect(requests.filter((path) => path.startsWith('/api/v1/metrics'))).toEqual([]);
    await page.getByRole('link', { name: '返回我的首页' }).click();
    await page.waitForURL('**/backlog');
    session.errors.splice(
      0,
      session.errors.length,
      ...session.errors.filter((e) => !e.includes('status of 403')),
    );
  });

  /** Every element's box: at least three characters wide and one line high. */
  const boxes = (locator: Locator) =>
    locator.evaluateAll((elements) =>
      elements.map((element) => {
        const box = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        const fontSize = parseFloat(style.fontSize);
        const lineHeight = parseFloat(style.lineHeight) || fontSize * 1.5;
        return {
          text: element.textContent ?? '',
          wide: box.width >= Math.min(3, (element.textContent ?? '').length) * fontSize * 0.9,
          oneLine: box.height < 1.9 * lineHeight,
        };
      }),
    );

  const expectWhole = async (locator: Locator) => {
    const seen = await boxes(locator);
    expect(seen.length).toBeGreaterThan(0);
    for (const box of seen) {
      expect({ text: box.text, wide: box.wide, oneLine: box.oneLine }).toEqual({
        text: box.text,
        wide: true,
        oneLine: true,
      });
    }
  };

  it('keeps names whole on a 390 px phone: the backlog as cards, the ranking and the leaders table scrolling with a cue, and who is signed in', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(service.keys.staff);
    await page.waitForURL('**/backlog');
    const backlog = page.getByRole('table', { name: '待办留言' });
    await backlog.waitFor();
    // Who is signed in, and as what, stays on the phone's bar.
    const nav = page.getByRole('navigation', { name: 'main' });
    expect(await nav.getByText('（工作人员）').isVisible()).toBe(true);
    // A citizen's name reads on one line; the first thing a card says is the time left.
    await expectWhole(backlog.getByText(/^市民\d+$/));
    const firstCard = backlog
      .getByRole('row')
      .filter({ has: page.getByRole('link') })
      .first();
    const [timeLeft, message] = await Promise.all([
      firstCard.getByText(/^(剩|回应超时|办结超时) /).boundingBox(),
      firstCard.locator('a[href^="/cases/"]').boundingBox(),
    ]);
    expect(timeLeft!.y).toBeLessThan(message!.y);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      391,
    );
    await screenshot(page, 'phone-backlog-cards');

    await session.renew();
    page = session.page;
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(service.keys.admin);
    await page.waitForURL('**/admin');
    expect(
      await page.getByRole('navigation', { name: 'main' }).getByText('（管理员）').isVisible(),
    ).toBe(true);
    const leaders = page.getByRole('table', { name: '领导名录' });
    await leaders.getByRole('link', { name: service.leaders[2].name }).waitFor();
    await expectWhole(leaders.getByRole('link'));
    const leadersCard = page.getByRole('region', { name: '领导名录' });
    expect(await leadersCard.getByText('表格较宽：左右滑动可查看更多列').isVisible()).toBe(true);
    await screenshot(page, 'phone-admin-leaders');

    await page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: '排名' })
      .click();
    const ranking = page.getByRole('table', { name: '领导回应排名' });
    await ranking.getByRole('link', { name: service.leaders[0].name }).waitFor();
    await expectWhole(ranking.getByRole('link'));
    expect(await page.getByText('表格较宽：左右滑动可查看更多列').first().isVisible()).toBe(true);
    // The sort rule is a sentence, not the service's code.
    const rule = page.getByText(/^排序：按综合得分从高到低；相同时依次比较按时回应率从高到低/);
    expect(await rule.isVisible()).toBe(true);
    expect(await rule.getAttribute('title')).toContain('score desc');
    expect(await page.locator('main').textContent()).not.toContain('onTimeResponseRate');
    await screenshot(page, 'phone-ranking');
  });

  it("asks before deactivating a leader, revoking a key or never: the administrator's own key is not offered, and a revoked key leaves no banner", async () => {
    await signIn(service.keys.admin);
    await page.waitForURL('**/admin');
    const leaders = page.getByRole('table', { name: '领导名录' });
    const target = service.leaders[2];
    const row = leaders.getByRole('row', { name: new RegExp(target.name) });
    await row.getByText('在任').waitFor();

    // The first click only asks; cancel leaves everything as it was.
    await row.getByRole('button', { name: `停用 ${target.name}` }).click();
    const ask = row.getByRole('group', { name: `停用 ${target.name}` });
    expect(await ask.textContent()).toContain('停用后不再抓取其微博');
    await ask.getByRole('button', { name: '取消' }).click();
    expect(await row.getByText('在任').isVisible()).toBe(true);
    const stillActive = await service.t.http
      .get(`/api/v1/leaders/${target.id}`)
      .set(service.t.admin)
      .expect(200);
    expect(stillActive.body.active).toBe(true);

    await row.getByRole('button', { name: `停用 ${target.name}` }).click();
    await row.getByRole('button', { name: '确定停用' }).click();
    await row.getByText('已停用', { exact: true }).waitFor();
    await page.getByText(`已停用：${target.name}。`).waitFor();
    // Reversible after all: reactivating brings the leader back.
    await row.getByRole('button', { name: `重新启用 ${target.name}` }).click();
    await row.getByText('在任').waitFor();

    // A key just minted is shown once; revoking it (after the question) removes it from view.
    const keys = page.getByRole('table', { name: '访问密钥' });
    await page.getByLabel('密钥名称').fill('临时值班密钥');
    await page.getByLabel('角色').selectOption('auditor');
    await page.getByRole('button', { name: '签发密钥' }).click();
    const issued = (await page.getByTestId('issued-key').textContent()) ?? '';
    expect(issued).toMatch(/^msk_/);
    const keyRow = keys.getByRole('row', { name: /临时值班密钥/ });
    await keyRow.getByRole('button', { name: '吊销 临时值班密钥' }).click();
    expect(await page.getByTestId('issued-key').isVisible()).toBe(true);
    await keyRow.getByRole('button', { name: '确定吊销' }).click();
    await keyRow.getByText('已吊销').waitFor();
    expect(await page.getByTestId('issued-key').count()).toBe(0);
    await service.t.http.get('/api/v1/leaders').set(service.t.as(issued)).expect(401);

    // The key this administrator is signed in with offers no revoke.
    const own = keys.getByRole('row', { name: /初始管理员密钥/ });
    await own.getByText('当前登录所用，不能在此吊销').waitFor();
    expect(await own.getByRole('button').count()).toBe(0);
    await screenshot(page, 'admin-confirmed');
  });
});
