/// <reference lib="dom" />
/**
 * The dashboard in a real Chromium over the real service, seeded by polling
 * the fake Weibo: what a leader, a staff member, an auditor, an evaluator
 * and an administrator see and do. Every test ends with no console errors.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { screenshot } from './support/browser';
import { type BacklogRow, dashboardSession } from './support/dashboard-session';
import type { SeededService } from './support/seeded-service';

jest.setTimeout(180_000);

describe('the dashboard in Chromium', () => {
  const session = dashboardSession();
  const { signIn } = session;
  let service: SeededService;
  let page: Page;
  let context: BrowserContext;
  let errors: string[];
  beforeEach(() => {
    ({ service, page, context, errors } = session);
  });

  const allCaseIds = async (leaderId: string): Promise<Set<string>> =>
    new Set((await session.backlog(leaderId)).map((row) => row.id));

  const caseIdsOnPage = async (): Promise<string[]> => {
    const hrefs = await page
      .getByRole('table', { name: '待办留言' })
      .locator('a[href^="/cases/"]')
      .evaluateAll((links) =>
        links.map((link) => (link as HTMLAnchorElement).getAttribute('href') ?? ''),
      );
    return hrefs.map((href) => href.replace('/cases/', ''));
  };

  it('serves the app on every screen path and leaves the API, docs and health alone', async () => {
    for (const path of ['/', '/login', '/backlog', '/cases/abc', '/leaders/x/cases', '/admin']) {
      const response = await fetch(`${service.baseUrl}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toContain('<div id="root">');
    }
    const unknown = await fetch(`${service.baseUrl}/api/v1/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/json');
    expect((await fetch(`${service.baseUrl}/api/v1/leaders`)).status).toBe(401);
    expect(await (await fetch(`${service.baseUrl}/health`)).json()).toMatchObject({ status: 'ok' });
    expect((await fetch(`${service.baseUrl}/docs/json`)).headers.get('content-type')).toContain(
      'json',
    );
    expect((await fetch(`${service.baseUrl}/assets/missing-0000.js`)).status).toBe(404);
  });

  it('shows an error for a wrong key, not a blank page', async () => {
    await page.goto('/login');
    await screenshot(page, 'login');
    await page.getByLabel('访问密钥').fill('msk_this-is-not-a-key');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('访问密钥无效');
    expect(await page.getByLabel('访问密钥').isVisible()).toBe(true);
    await screenshot(page, 'login-wrong-key');
    // The failed attempt was a 401 the page handled: not a console error.
    errors.splice(0, errors.length, ...errors.filter((e) => !e.includes('401')));
  });

  it('signs in and out, never putting the key in a URL or in web storage', async () => {
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await signIn(service.keys.staff);
    await page.waitForURL('**/backlog');
    await page.getByRole('table', { name: '待办留言' }).waitFor();
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name)).toEqual(['minsheng_session']);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookies[0].value).not.toContain(service.keys.staff);
    const storage = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    );
    expect(storage).not.toContain(service.keys.staff);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await page.getByRole('button', { name: '退出' }).click();
    await page.waitForURL('**/login?signedOut=1');
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('已退出');
    expect(await context.cookies()).toEqual([]);
    await page.goto('/backlog');
    await page.waitForURL('**/login');
    expect(urls.filter((url) => url.includes(service.keys.staff))).toEqual([]);
    errors.splice(0, errors.length, ...errors.filter((e) => !e.includes('401')));
  });

  it("shows a leader its own backlog and none of another leader's cases", async () => {
    const [mine, other] = [
      await allCaseIds(service.leaders[0].id),
      await allCaseIds(service.leaders[1].id),
    ];
    await signIn(service.keys.leader);
    await page.waitForURL('**/backlog');
    await page.getByRole('heading', { name: `${service.leaders[0].name} 的留言` }).waitFor();
    const shown = await caseIdsOnPage();
    expect(shown.length).toBe(20);
    for (const id of shown) {
      expect(mine.has(id)).toBe(true);
      expect(other.has(id)).toBe(false);
    }
    expect(await page.getByText(/共 \d+ 条/).textContent()).toContain(`共 ${mine.size} 条`);
    await screenshot(page, 'backlog-leader');
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText('第 2 /').waitFor();
    for (const id of await caseIdsOnPage()) {
      expect(mine.has(id)).toBe(true);
    }
    await page.getByLabel('回应超时').selectOption('true');
    await page.getByText('第 1 /').waitFor();
    // Overdue on the response clock, said by name (the resolve-by clock has its own label).
    const overdueCells = page.getByRole('table', { name: '待办留言' }).getByText(/^回应超时 \d/);
    await overdueCells.first().waitFor();
    expect(await overdueCells.count()).toBeGreaterThan(0);
    // Time overdue is counted as the service counts it: working time, or the wall clock for help about safety.
    expect(await overdueCells.first().textContent()).toMatch(/（(工作时间|自然时间)）/);
    await page.goto(`/leaders/${service.leaders[1].id}/cases`);
    await expect(page.getByText('无权查看').textContent()).resolves.toContain('无权查看');
    errors.splice(0, errors.length, ...errors.filter((e) => !e.includes('403')));
  });

  it("shows an administrator any leader's cases at /leaders/:id/cases", async () => {
    const theirs = await allCaseIds(service.leaders[1].id);
    await signIn(service.keys.admin);
    await page.goto(`/leaders/${service.leaders[1].id}/cases`);
    await page.getByRole('heading', { name: `${service.leaders[1].name} 的留言` }).waitFor();
    await page.getByRole('table', { name: '待办留言' }).waitFor();
    for (const id of await caseIdsOnPage()) {
      expect(theirs.has(id)).toBe(true);
    }
    await screenshot(page, 'leader-cases-admin');
  });

  it('shows a case: the message, the deciding terms and the audit timeline; a follow-up changes it and is audited', async () => {
    const list = await service.t.http
      .get(`/api/v1/leaders/${service.leaders[0].id}/cases?status=open&pageSize=5`)
      .set(service.t.admin)
      .expect(200);
    const target = (list.body.items as BacklogRow[]).find((c) => c.firstResponseAt === null);
    expect(target).toBeDefined();
    const before = await service.t.http
      .get(`/api/v1/cases/${target!.id}`)
      .set(service.t.admin)
      .expect(200);
    const term = before.body.classification.matches[0].terms[0] as string;

    await signIn(service.keys.staff);
    await page.goto(`/cases/${target!.id}`);
    await page.locator('blockquote').waitFor();
    expect(await page.locator('blockquote').textContent()).toBe(before.body.message.text);
    const terms = page.getByRole('table', { name: '决定分类的词语' });
    expect(await terms.textContent()).toContain(term);
    const timeline = page.getByRole('list', { name: '审计时间线' });
    expect(await timeline.textContent()).toContain('case.opened');
    expect(await page.getByRole('link', { name: /在微博上查看/ }).getAttribute('href')).toContain(
      before.body.message.postId,
    );
    await screenshot(page, 'case');

    await page.getByLabel('跟进类型').selectOption('responded');
    await page.getByLabel('跟进说明').fill('已联系辖区派出所，今晚加强巡逻');
    await page.getByRole('button', { name: '提交' }).first().click();
    await page.getByText('跟进已记录。').waitFor();
    await page.getByText('已联系辖区派出所，今晚加强巡逻').waitFor();
    await page
      .getByRole('list', { name: '审计时间线' })
      .getByText('follow_up', { exact: false })
      .first()
      .waitFor();
    await screenshot(page, 'case-after-follow-up');

    const after = await service.t.http
      .get(`/api/v1/cases/${target!.id}`)
      .set(service.t.admin)
      .expect(200);
    expect(after.body.status).toBe('responded');
    expect(after.body.firstResponseBy).toBe('staff');
    expect(after.body.auditEvents.length).toBeGreaterThan(before.body.auditEvents.length);
    expect((after.body.followUps as { text: string }[]).map((f) => f.text)).toContain(
      '已联系辖区派出所，今晚加强巡逻',
    );
  });

  it("shows a case's whole thread with the leader's reply marked as the first response", async () => {
    const list = await service.t.http
      .get(`/api/v1/leaders/${service.leaders[0].id}/cases?status=responded&pageSize=50`)
      .set(service.t.admin)
      .expect(200);
    const answered = (list.body.items as (BacklogRow & { firstResponseBy: string | null })[]).find(
      (c) => c.firstResponseBy === 'leader',
    );
    expect(answered).toBeDefined();
    const detail = await service.t.http
      .get(`/api/v1/cases/${answered!.id}`)
      .set(service.t.admin)
      .expect(200);
    const thread = detail.body.thread as {
      weiboId: string;
      text: string;
      firstResponse: boolean;
    }[];
    const first = thread.find((r) => r.firstResponse);
    expect(first).toBeDefined();

    await signIn(service.keys.staff);
    await page.goto(`/cases/${answered!.id}`);
    const shown = page.getByRole('list', { name: '回复记录' });
    await shown.locator('li').first().waitFor();
    expect(await shown.locator('li').count()).toBe(thread.length);
    const marked = shown.locator(`li[data-weibo-id="${first!.weiboId}"]`);
    expect(await marked.textContent()).toContain('领导回复');
    expect(await marked.textContent()).toContain('首次回应');
    expect(await marked.textContent()).toContain(first!.text);
    await screenshot(page, 'case-thread');
  });

  it('ranks every leader for an evaluator, with numerators and denominators, and no citizen names', async () => {
    await signIn(service.keys.evaluator);
    await page.waitForURL('**/ranking');
    const table = page.getByRole('table', { name: '领导回应排名' });
    await table.waitFor();
    for (const leader of service.leaders) {
      await table.getByRole('link', { name: leader.name }).waitFor();
    }
    expect(await table.locator('tbody tr').count()).toBe(3);
    expect(await table.textContent()).toMatch(/\d+\/\d+/);
    // Satisfaction rests on how many cases were surveyed: its counts show, one survey too.
    const headers = await table.locator('thead th').allTextContents();
    const column = headers.indexOf('满意度');
    expect(column).toBeGreaterThan(0);
    for (const cell of await table
      .locator(`tbody tr td:nth-child(${column + 1})`)
      .allTextContents()) {
      expect(cell).toMatch(/\d+\/\d+$/);
    }
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).not.toMatch(/市民\d+/);
    await page.getByRole('button', { name: '指标定义' }).click();
    await page.getByText('0.4×按时回应率').waitFor();
    await screenshot(page, 'ranking-evaluator');
    await page.getByRole('link', { name: service.leaders[0].name }).click();
    await page.waitForURL(`**/leaders/${service.leaders[0].id}`);
    await page.getByRole('img', { name: '每周留言数与按时回应率' }).locator('canvas').waitFor();
    expect(((await page.locator('body').textContent()) ?? '').match(/市民\d+/)).toBeNull();
  });

  it("draws a leader's charts from the API's figures", async () => {
    const metrics = await service.t.http
      .get(`/api/v1/metrics/leaders/${service.leaders[0].id}`)
      .set(service.t.admin)
      .expect(200);
    await signIn(service.keys.admin);
    await page.goto(`/leaders/${service.leaders[0].id}`);
    const names = [
      '每周留言数与按时回应率',
      '首次回应时长分布',
      '积压案件按时长',
      '每周抓取覆盖率',
    ];
    for (const name of names) {
      await page.getByRole('img', { name }).locator('canvas').waitFor();
    }
    await page.waitForTimeout(800);
    for (const name of names) {
      const painted = await page
        .getByRole('img', { name })
        .locator('canvas')
        .evaluate((canvas: HTMLCanvasElement) => {
          const data = canvas
            .getContext('2d')!
            .getImageData(0, 0, canvas.width, canvas.height).data;
          let coloured = 0;
          for (let i = 0; i < data.length; i += 4) {
            const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
            if (a > 0 && !(r === g && g === b)) {
              coloured += 1;
            }
          }
          return coloured;
        });
      expect({ name, painted: painted > 200 }).toEqual({ name, painted: true });
    }
    expect(metrics.body.metrics.cases.value).toBeGreaterThan(0);
    await screenshot(page, 'leader-charts');
  });

  it('shows an auditor the verify result, the event log and every integrity flag with its count and denominator', async () => {
    await signIn(service.keys.auditor);
    await page.waitForURL('**/audit');
    await page.getByText(/完整：已校验 \d+ 条事件/).waitFor();
    const events = page.getByRole('table', { name: '事件日志' });
    await events.locator('tbody tr').first().waitFor();
    expect(await events.locator('tbody tr').count()).toBe(20);
    await page
      .getByRole('form', { name: '事件日志' })
      .getByLabel('领导')
      .selectOption(service.leaders[2].id);
    await page.getByRole('button', { name: '筛选' }).click();
    await page
      .getByText(/共 \d+ 条，第 1/)
      .first()
      .waitFor();
    await page
      .getByRole('region', { name: '诚信标记' })
      .getByLabel('领导')
      .selectOption(service.leaders[0].id);
    const flags = page.getByRole('table', { name: '诚信标记明细' });
    await flags.locator('tbody tr').first().waitFor();
    // All seven SPEC 9 flags are listed, each with its count over its denominator.
    expect(await flags.locator('tbody tr').count()).toBe(7);
    const rows = await flags.locator('tbody tr td:nth-child(2)').allTextContents();
    for (const cell of rows) {
      expect(cell).toMatch(/^\d+ \/ \d+$/);
    }
    expect(await flags.textContent()).toContain('复制粘贴式回复');
    await screenshot(page, 'audit');
  });

  it('lets an evaluator create a snapshot and download it as CSV', async () => {
    await signIn(service.keys.evaluator);
    await page.goto('/snapshots');
    await page.getByLabel('名称（可选）').fill('2025年第一季度考评');
    await page.getByRole('button', { name: '生成快照' }).click();
    await page.getByText(/快照已生成/).waitFor();
    const table = page.getByRole('table', { name: '考评快照' });
    await table.getByText('2025年第一季度考评').waitFor();
    const href = await table.getByRole('link', { name: '下载 CSV' }).first().getAttribute('href');
    expect(href).toMatch(/\/api\/v1\/snapshots\/[0-9a-f-]+\?format=csv$/);
    const csv = await page.request.get(href!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('csv');
    expect(await csv.text()).toContain(service.leaders[0].name);
    await page
      .getByRole('region', { name: '申诉' })
      .getByText(/暂无申诉|状态/)
      .first()
      .waitFor();
    await screenshot(page, 'snapshots');
  });

  /** Signs in as another role in a fresh context; the last context's console stays clean. */
  const switchTo = async (key: string) => {
    await session.renew();
    ({ page, context, errors } = session);
    await signIn(key);
  };

  it('corrects an appraisal in the open: a leader appeals, an evaluator excludes a case, an admin publishes', async () => {
    const DAY = 86_400_000;
    const created = await service.t.http
      .post('/api/v1/snapshots')
      .set(service.t.as(service.keys.evaluator))
      .send({
        from: new Date(Date.now() - 60 * DAY).toISOString(),
        to: new Date(Date.now() + DAY).toISOString(),
        name: '申诉演示快照',
      })
      .expect(201);
    const original = created.body as { id: string; hash: string };
    const [own, other] = service.leaders;
    const foreignCase = (
      await service.t.http
        .get(`/api/v1/leaders/${other.id}/cases?pageSize=1`)
        .set(service.t.admin)
        .expect(200)
    ).body.items[0].id as string;

    // The leader opens the snapshot the appraisal office named and appeals for two of its cases.
    await signIn(service.keys.leader);
    await page.getByRole('link', { name: '考评快照' }).click();
    await page.getByLabel('快照编号').fill(original.id);
    await page.getByRole('button', { name: '提出申诉' }).click();
    await page.waitForURL(`**/snapshots/${original.id}`);
    const form = page.getByRole('form', { name: '提出申诉' });
    const leaderSelect = form.getByLabel('领导');
    const boxes = form.getByRole('table', { name: '申诉案件' }).getByRole('checkbox');
    await boxes.first().waitFor();
    expect(
      await leaderSelect
        .locator('option')
        .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)),
    ).toEqual([own.id]);
    const appealed = [
      (await boxes.nth(0).getAttribute('value'))!,
      (await boxes.nth(1).getAttribute('value'))!,
    ];
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await form.getByText('已选 2 件').waitFor();
    await form.getByLabel('申诉理由').fill('两条留言为广告，被误计为投诉');
    await form.getByRole('button', { name: '提交申诉' }).click();
    await page.getByText('申诉已提交，等待裁决。').waitFor();
    const appeals = page.getByRole('table', { name: '申诉', exact: true });
    await appeals.getByText('待裁决').waitFor();
    expect(await appeals.textContent()).toContain('两条留言为广告，被误计为投诉');
    await screenshot(page, 'snapshots-appeal-filed');

    // Forced past the form (which offers only its own leader): the API's 403, shown as it says it.
    await leaderSelect.evaluate((select, id) => {
      const option = document.createElement('option');
      option.value = id;
      option.textContent = 'forced';
      select.appendChild(option);
    }, other.id);
    await leaderSelect.selectOption(other.id);
    await form.getByLabel('或粘贴案件编号').fill(foreignCase);
    await form.getByLabel('申诉理由').fill('替其他领导申诉');
    await form.getByRole('button', { name: '提交申诉' }).click();
    await page
      .getByRole('alert')
      .getByText(`403 · this key may not appeal for leader ${other.id}`)
      .waitFor();
    // Listing the other leader's cases and filing for it were refused: exactly those two 403s.
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => e.includes('403'))).toBe(true);
    errors.splice(0, errors.length);

    // The evaluator accepts it, excluding one of the two cases.
    await switchTo(service.keys.evaluator);
    await page.getByRole('link', { name: '考评快照' }).click();
    await page
      .getByRole('table', { name: '申诉', exact: true })
      .getByRole('row', { name: /两条留言为广告/ })
      .getByRole('link', { name: '查看' })
      .click();
    await page.waitForURL('**/appeals/*');
    const appealUrl = page.url();
    const stale = await context.newPage();
    await stale.goto(appealUrl);
    await stale.getByRole('form', { name: '裁决' }).waitFor();

    const decide = page.getByRole('form', { name: '裁决' });
    await decide.getByLabel(`案件 ${appealed[0]} 的更正`).selectOption('exclude');
    await decide.getByLabel('裁决理由').fill('经核查，第一条为广告，予以剔除；第二条维持');
    await decide.getByRole('button', { name: '提交裁决' }).click();
    await page.getByText('裁决已记录。').waitFor();
    await page.getByRole('region', { name: '申诉详情' }).getByText('已采纳').waitFor();
    expect(await page.getByRole('form', { name: '裁决' }).count()).toBe(0);
    await screenshot(page, 'snapshots-appeal-decided');

    // A second decision, from a page still showing it pending, is refused with the API's 409.
    await stale.getByRole('form', { name: '裁决' }).getByLabel('裁决理由').fill('再次裁决');
    await stale.getByRole('button', { name: '提交裁决' }).click();
    await stale
      .getByRole('alert')
      .getByText(/^409 · appeal [0-9a-f-]+ was already accepted$/)
      .waitFor();
    await stale.close();

    // The corrected snapshot links back to the original, which links forward to it, with the reason.
    await page.getByTestId('corrected-snapshot').click();
    await page.waitForURL(/\/snapshots\/[0-9a-f-]+$/);
    const correctedId = page.url().split('/').pop()!;
    expect(correctedId).not.toBe(original.id);
    await page.getByTestId('supersedes').getByText(original.id).waitFor();
    const corrections = page.getByRole('table', { name: '更正记录' });
    await corrections.getByText('经核查，第一条为广告，予以剔除；第二条维持').waitFor();
    expect(await corrections.textContent()).toContain(appealed[0].slice(0, 8));
    expect(await corrections.textContent()).not.toContain(appealed[1].slice(0, 8));
    const correctedHash = (await page.getByTestId('snapshot-hash').textContent())!;
    expect(correctedHash).not.toBe(original.hash);
    await screenshot(page, 'snapshots-corrected');
    await page.getByTestId('supersedes').click();
    await page.waitForURL(`**/snapshots/${original.id}`);
    await page.getByTestId('superseded-by').getByText(correctedId).waitFor();
    expect(await page.getByTestId('snapshot-hash').textContent()).toBe(original.hash);
    expect(await page.getByRole('button', { name: '公开发布' }).count()).toBe(0);

    // The admin publishes the corrected version, once, and its public report opens without a key.
    await switchTo(service.keys.admin);
    await page.getByRole('link', { name: '考评快照' }).click();
    await page
      .getByRole('table', { name: '考评快照' })
      .getByRole('link', { name: correctedId.slice(0, 8) })
      .click();
    await page.waitForURL(`**/snapshots/${correctedId}`);
    await page.getByRole('button', { name: '公开发布', exact: true }).click();
    await page.getByText('公开后，任何人无需密钥即可查看此快照的报告，且不能撤回。').waitFor();
    await page.getByRole('button', { name: '确定公开发布' }).click();
    await page.getByText(/已于 .* 公开/).waitFor();
    expect(await page.getByRole('button', { name: '公开发布' }).count()).toBe(0);
    const [report] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('link', { name: '公开报告' }).click(),
    ]);
    await report.waitForLoadState();
    expect(new URL(report.url()).pathname).toBe(`/public/reports/${correctedId}`);
    expect(await report.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await report.locator('body').textContent()).toContain(correctedHash);
    expect(await report.locator('body').textContent()).toContain(
      '经核查，第一条为广告，予以剔除；第二条维持',
    );
    const anonymous = await fetch(`${service.baseUrl}/public/reports/${correctedId}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('content-type')).toContain('text/html');
    await report.close();

    // APPEAL_DAYS after the first version, filing is closed: the 409 names the deadline.
    service.clock.offsetMs = 11 * DAY;
    try {
      await switchTo(service.keys.leader);
      await page.goto(`/snapshots/${correctedId}`);
      const late = page.getByRole('form', { name: '提出申诉' });
      await late.getByRole('table', { name: '申诉案件' }).getByRole('checkbox').first().waitFor();
      await late.getByLabel('或粘贴案件编号').fill(appealed[1]);
      await late.getByLabel('申诉理由').fill('逾期申诉');
      await late.getByRole('button', { name: '提交申诉' }).click();
      const refusal = page.getByRole('alert');
      await refusal
        .getByText(/^申诉期已过：截止于 .+（北京时间）。 409 · appeals against/)
        .waitFor();
      const deadline = new Date(Date.parse(created.body.createdAt as string) + 10 * DAY);
      // The service's words stay beside the sentence, its instant in Beijing time, never raw ISO.
      const inBeijing = new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }).format(deadline);
      expect(await refusal.textContent()).toContain(`截止于 ${inBeijing}（北京时间）`);
      expect(await refusal.textContent()).toContain(`closed at ${inBeijing}`);
      expect(await refusal.textContent()).not.toContain(deadline.toISOString());
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('409');
      errors.splice(0, errors.length);
    } finally {
      service.clock.offsetMs = 0;
    }
  });

  it('gives an administrator leaders, feeds with poll now, and keys shown once', async () => {
    await signIn(service.keys.admin);
    await page.waitForURL('**/admin');
    const feeds = page.getByRole('table', { name: '抓取状态' });
    await feeds.getByText('正常').first().waitFor();
    expect(await feeds.textContent()).toContain('80/80');
    await page.getByRole('button', { name: `立即抓取 ${service.leaders[2].name}` }).click();
    await page.getByText(/抓取完成：新微博 0，新评论 0，新案件 0/).waitFor();

    await page.getByLabel('密钥名称').fill('区政府值班室');
    await page.getByLabel('角色').selectOption('staff');
    await page.getByLabel('可访问的领导').selectOption(service.leaders[1].id);
    await page.getByRole('button', { name: '签发密钥' }).click();
    const issued = (await page.getByTestId('issued-key').textContent()) ?? '';
    expect(issued).toMatch(/^msk_/);
    await page.getByRole('table', { name: '访问密钥' }).getByText('区政府值班室').waitFor();
    await service.t.http
      .get(`/api/v1/leaders/${service.leaders[1].id}/cases`)
      .set(service.t.as(issued))
      .expect(200);
    await service.t.http
      .get(`/api/v1/leaders/${service.leaders[0].id}/cases`)
      .set(service.t.as(issued))
      .expect(403);

    const form = page.getByRole('form', { name: '添加领导' });
    await form.getByLabel('姓名').fill('周明');
    await form.getByLabel('职务').fill('街道办主任');
    await form.getByLabel('单位').fill('橘子洲街道办事处');
    await form.getByLabel('区划代码').fill('430104');
    await form.getByLabel('微博 UID').fill('2803309999');
    await form.getByRole('button', { name: '添加领导' }).click();
    await page.getByRole('table', { name: '领导名录' }).getByText('周明').waitFor();
    await screenshot(page, 'admin');
    // Deactivating asks first, in the page; only the second click does it.
    await page.getByRole('button', { name: '停用 周明' }).click();
    await page.getByRole('button', { name: '确定停用' }).click();
    await page.getByRole('table', { name: '领导名录' }).getByText('已停用').waitFor();
  });

  it('switches to English and keeps Beijing time in a browser set to London', async () => {
    const one = await service.t.http
      .get(`/api/v1/leaders/${service.leaders[0].id}/cases?pageSize=1`)
      .set(service.t.admin)
      .expect(200);
    const opened = new Date(one.body.items[0].openedAt as string);
    const beijing = new Intl.DateTimeFormat('zh-CN', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(opened);
    await signIn(service.keys.staff);
    await page.getByRole('table', { name: '待办留言' }).waitFor();
    expect(await page.getByRole('table', { name: '待办留言' }).textContent()).toContain(beijing);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Backlog' }).waitFor();
    await page.getByRole('heading', { name: `Cases of ${service.leaders[0].name}` }).waitFor();
    await screenshot(page, 'backlog-english');
  });
});
