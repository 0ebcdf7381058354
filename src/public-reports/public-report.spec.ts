import { computeMetrics, DEFINITION_VERSION, type MetricCase } from '../metrics/metric-formulas';
import { CSV_COLUMN_KEYS, type SnapshotItem } from '../metrics/snapshot-format';
import { buildPublicReport, publicCsv, unitSummaries } from './public-report';
import { escapeHtml, renderPublicReportHtml } from './public-report-html';
import { definitionsOf } from './report-definitions';
import { createHash } from 'node:crypto';

const window = {
  from: new Date('2025-03-01T00:00:00Z'),
  to: new Date('2025-03-08T00:00:00Z'),
  asOf: new Date('2025-03-10T00:00:00Z'),
};
const at = (hours: number) => new Date(window.from.getTime() + hours * 3_600_000);

function cases(answeredOnTime: number, unanswered: number): MetricCase[] {
  return Array.from({ length: answeredOnTime + unanswered }, (_, i) => ({
    openedAt: at(i),
    acknowledgeDeadline: at(i + 24),
    firstResponseAt: i < answeredOnTime ? at(i + 1) : null,
    firstResponseBy: i < answeredOnTime ? 'leader' : null,
    resolvedAt: null,
    closedAt: null,
    satisfactionScore: i === 0 ? 75 : null,
    satisfactionAt: i === 0 ? at(50) : null,
  }));
}

function item(leaderId: string, name: string, unit: string, c: MetricCase[]): SnapshotItem {
  const metrics = computeMetrics({
    window,
    cases: c,
    receivedCount: c.length,
    coverage: { held: c.length, reported: c.length + 1 },
  });
  return { leaderId, name, unit, regionCode: '430100', score: metrics.score.value, metrics };
}

const items = [
  item('a', '张伟', 'A市公安局', cases(3, 1)),
  item('b', '<b>李娜</b>', 'B市公安局', cases(1, 0)),
  item('c', '王芳', 'A市公安局', cases(1, 1)),
];

describe('unitSummaries', () => {
  it('adds the leaders’ numerators and denominators per unit, in ranking order', () => {
    const [a, b] = unitSummaries(items);
    expect(a.unit).toBe('A市公安局');
    expect(a.leaders).toBe(2);
    expect(a.cases).toEqual({ value: 6, numerator: 6, denominator: 1 });
    expect(a.onTimeResponseRate).toEqual({ value: 0.6667, numerator: 4, denominator: 6 });
    expect(a.leaderReplyShare).toEqual({ value: 1, numerator: 4, denominator: 4 });
    expect(a.satisfaction).toEqual({ value: 75, numerator: 150, denominator: 2 });
    expect(a.coverage).toEqual({ value: 0.75, numerator: 6, denominator: 8 });
    expect(b.unit).toBe('B市公安局');
    expect(b.responseRate).toEqual({ value: 1, numerator: 1, denominator: 1 });
  });
});

describe('the public report', () => {
  const content = {
    definitionVersion: 'v1',
    window: {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      asOf: window.asOf.toISOString(),
    },
    items,
    supersedes: 'old-id',
    corrections: [
      {
        appealId: 'appeal-1',
        reason: '广告<script>误计</script>',
        decidedAt: '2025-04-02T00:00:00.000Z',
        changes: [
          { caseId: 'k1', action: 'exclude' as const, fromLeaderId: 'a', toLeaderId: null },
          { caseId: 'k2', action: 'reassign' as const, fromLeaderId: 'a', toLeaderId: 'c' },
        ],
      },
    ],
  };
  const snapshot = {
    id: 'new-id',
    name: '2025年3月考评',
    createdAt: new Date('2025-04-02T00:00:00Z'),
    publishedAt: new Date('2025-04-03T00:00:00Z'),
    hash: 'f'.repeat(64),
    supersededBy: null,
  };
  const report = buildPublicReport({ ...snapshot, content });

  it('states the CSV’s own SHA-256 and the correction chain', () => {
    expect(report.csvSha256).toBe(
      createHash('sha256').update(publicCsv(content), 'utf8').digest('hex'),
    );
    expect(report.supersedes).toBe('old-id');
    expect(report.corrections).toHaveLength(1);
    expect(report.units).toHaveLength(2);
  });

  it('renders escaped Chinese HTML with every figure’s counts, the definitions and the hash', () => {
    const html = renderPublicReportHtml(report);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('&lt;b&gt;李娜&lt;/b&gt;');
    expect(html).not.toContain('<b>李娜');
    expect(html).not.toContain('<script>');
    expect(html).toContain('广告&lt;script&gt;误计&lt;/script&gt;');
    expect(html).toContain('1 件案件不再计入任何领导');
    expect(html).toContain('1 件案件由 张伟 改计入 王芳');
    expect(html).toContain('75.00%<br><small>3 / 4</small>');
    expect(html).toContain('f'.repeat(64));
    expect(html).toContain(report.csvSha256);
    expect(html).toContain('综合得分');
    expect(html).toContain('2025/03/01 08:00（北京时间）');
    expect(html).toContain('本版本是对版本 old-id 的更正');
  });

  it('says of an uncorrected version that a correction replaced that the version, not the report, was uncorrected', () => {
    const { supersedes: _from, corrections: _none, ...original } = content;
    const uncorrected = { ...original, corrections: [] };
    const fresh = renderPublicReportHtml(buildPublicReport({ ...snapshot, content: uncorrected }));
    expect(fresh).toContain('本报告未经申诉更正。');
    const replaced = renderPublicReportHtml(
      buildPublicReport({ ...snapshot, supersededBy: 'next-id', content: uncorrected }),
    );
    expect(replaced).toContain('本版本已被更正');
    expect(replaced).toContain('本版本未含申诉更正。');
    expect(replaced).not.toContain('本报告未经申诉更正');
  });

  it('lets its wide tables scroll inside a phone’s width', () => {
    const html = renderPublicReportHtml(report);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html.match(/<div class="table" role="region"[^>]*><table>/g)).toHaveLength(2);
    expect(html).toContain('.table{overflow-x:auto');
  });

  it('carries one definition per figure, the page showing each entry’s own text', () => {
    expect(report.definitions.map((d) => d.metric)).toEqual(Object.keys(items[0].metrics));
    const html = renderPublicReportHtml(report);
    expect(html).toContain(`<dt>统计口径</dt><dd>${report.definitionScope}</dd>`);
    for (const definition of report.definitions) {
      expect(definition.name).not.toBe('');
      expect(definition.numerator).not.toBe('');
      expect(definition.denominator).not.toBe('');
      expect(html).toContain(`<dt>${definition.name}</dt><dd>${definition.text}</dd>`);
    }
    const byMetric = new Map(report.definitions.map((d) => [d.metric, d]));
    expect(byMetric.get('responseRate')).toMatchObject({
      name: '响应率',
      denominator: '案件数',
      text: `${byMetric.get('responseRate')?.numerator} ÷ 案件数。`,
    });
    expect(byMetric.get('cases')).toMatchObject({ denominator: '1' });
    expect(byMetric.get('score')).toMatchObject({ denominator: '10000' });
    expect(byMetric.get('satisfaction')?.text).toContain('分子为得分之和，分母为已回访案件数');
  });

  it('names, for each definition, CSV columns that exist; every figure column is explained', () => {
    const explained = new Set(report.definitions.flatMap((d) => d.csvColumns));
    for (const column of explained) {
      expect(CSV_COLUMN_KEYS).toContain(column);
    }
    const identity = ['rank', 'leaderId', 'name', 'unit', 'regionCode'];
    const windowColumns = ['definitionVersion', 'windowFrom', 'windowTo', 'asOf'];
    expect(CSV_COLUMN_KEYS.filter((key) => !explained.has(key))).toEqual([
      ...identity,
      ...windowColumns,
    ]);
  });

  it('has definitions for the current definition version and refuses to invent any', () => {
    expect(definitionsOf(DEFINITION_VERSION).metrics).toHaveLength(13);
    expect(() => definitionsOf('v0')).toThrow(/v0/);
  });

  it('escapes every HTML special character', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});
