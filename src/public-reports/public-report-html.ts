/**
 * The public report as a self-contained HTML page in Chinese (zh-CN):
 * no script, no external resource, every text from the data escaped. Pure.
 */
import type { Figure } from '../metrics/metric-formulas';
import type { SnapshotItem } from '../metrics/snapshot-format';
import type { PublicReport, UnitSummary } from './public-report';

const BEIJING = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function beijingTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${BEIJING.format(date)}（北京时间）`;
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(Math.round(value * 10_000) / 100).toFixed(2)}%`;
}

/** A rate: its value and the counts it was computed from. */
function rate(figure: Figure): string {
  return `${percent(figure.value)}<br><small>${figure.numerator} / ${figure.denominator}</small>`;
}

function plain(figure: Figure): string {
  return figure.value === null ? '—' : String(figure.value);
}

function hours(figure: Figure): string {
  return figure.value === null
    ? '—'
    : `${figure.value} 小时<br><small>第 ${figure.numerator} / ${figure.denominator} 位</small>`;
}

function mean(figure: Figure): string {
  return `${figure.value === null ? '—' : figure.value.toFixed(2)}<br><small>${figure.numerator} / ${figure.denominator}</small>`;
}

function unitRow(unit: UnitSummary): string {
  return `<tr><th scope="row">${escapeHtml(unit.unit)}</th><td>${unit.leaders}</td>
<td>${plain(unit.received)}</td><td>${plain(unit.cases)}</td><td>${rate(unit.responseRate)}</td>
<td>${rate(unit.onTimeResponseRate)}</td><td>${rate(unit.resolutionRate)}</td>
<td>${plain(unit.overdue)}</td><td>${plain(unit.backlog)}</td><td>${mean(unit.satisfaction)}</td>
<td>${rate(unit.leaderReplyShare)}</td><td>${rate(unit.coverage)}</td></tr>`;
}

function leaderRow(item: SnapshotItem, index: number): string {
  const m = item.metrics;
  const b = m.backlog.buckets;
  return `<tr><td>${item.rank ?? index + 1}</td><th scope="row">${escapeHtml(item.name)}</th>
<td>${escapeHtml(item.unit)}</td><td>${m.score.value === null ? '—' : m.score.value.toFixed(4)}<br><small>${m.score.numerator} / ${m.score.denominator}</small></td>
<td>${plain(m.received)}</td><td>${plain(m.cases)}</td><td>${rate(m.responseRate)}</td>
<td>${rate(m.onTimeResponseRate)}</td><td>${rate(m.resolutionRate)}</td>
<td>${hours(m.medianFirstResponseHours)}</td><td>${hours(m.p90FirstResponseHours)}</td>
<td>${plain(m.overdue)}</td><td>${plain(m.backlog)}<br><small>${b.lt1d} / ${b.d1to3} / ${b.d3to7} / ${b.gt7d}</small></td>
<td>${mean(m.satisfaction)}</td><td>${rate(m.leaderReplyShare)}</td><td>${rate(m.coverage)}</td></tr>`;
}

function correctionsSection(report: PublicReport, leaderName: (id: string) => string): string {
  const notices: string[] = [];
  if (report.supersededBy !== null) {
    notices.push(
      `<p class="notice">本版本已被更正，更正后的版本编号为 <a href="/public/reports/${escapeHtml(report.supersededBy)}">${escapeHtml(report.supersededBy)}</a>（若该版本尚未公布，链接暂不可用）。</p>`,
    );
  }
  if (report.supersedes !== null) {
    notices.push(
      `<p class="notice">本版本是对版本 ${escapeHtml(report.supersedes)} 的更正，原版本内容保持不变。</p>`,
    );
  }
  if (report.corrections.length === 0) {
    // A superseded version was itself uncorrected: say so of this version, not of the report.
    notices.push(
      report.supersededBy === null ? '<p>本报告未经申诉更正。</p>' : '<p>本版本未含申诉更正。</p>',
    );
  } else {
    const entries = report.corrections.map((correction) => {
      const excluded = correction.changes.filter((c) => c.action === 'exclude').length;
      const moved = correction.changes
        .filter((c) => c.toLeaderId !== null)
        .map(
          (c) =>
            `1 件案件由 ${escapeHtml(leaderName(c.fromLeaderId))} 改计入 ${escapeHtml(leaderName(c.toLeaderId as string))}`,
        );
      const what = [...(excluded > 0 ? [`${excluded} 件案件不再计入任何领导`] : []), ...moved].join(
        '；',
      );
      return `<li>申诉 ${escapeHtml(correction.appealId)}，${beijingTime(correction.decidedAt)}决定采纳：${what}。理由：${escapeHtml(correction.reason)}</li>`;
    });
    notices.push(`<ol>${entries.join('\n')}</ol>`);
  }
  return `<section><h2>申诉与更正</h2>${notices.join('\n')}</section>`;
}

/** The report's own definitions (the JSON form carries the same entries). */
function definitionList(report: PublicReport): string {
  return [
    ['统计口径', report.definitionScope],
    ...report.definitions.map((d): [string, string] => [d.name, d.text]),
  ]
    .map(([term, words]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(words)}</dd>`)
    .join('\n');
}

export function renderPublicReportHtml(report: PublicReport): string {
  const names = new Map(report.items.map((item) => [item.leaderId, item.name]));
  const leaderName = (id: string) => names.get(id) ?? `领导 ${id}`;
  const title = report.name ?? '考评报告';
  const self = `/public/reports/${escapeHtml(report.id)}`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · 民声公开考评报告</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:0}
.table{overflow-x:auto;margin:1rem 0;border-right:1px solid #eee}
th[scope=row],td:nth-child(3){white-space:nowrap}
@media (max-width:720px){body{margin:1rem auto}table{font-size:.8rem}}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:right;vertical-align:top}
th[scope=row],td:nth-child(2){text-align:left}
thead th{background:#f3f3f3;text-align:center}
small{color:#666}
.notice{background:#fff6d6;padding:.5rem}
code{word-break:break-all}
</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p>民声（微博留言响应情况）公开考评报告</p>
<dl>
<dt>统计区间</dt><dd>${beijingTime(report.window.from)} 起，至 ${beijingTime(report.window.to)} 止（不含）</dd>
<dt>评价时点</dt><dd>${beijingTime(report.window.asOf)}</dd>
<dt>口径版本</dt><dd>${escapeHtml(report.definitionVersion)}</dd>
<dt>生成时间</dt><dd>${beijingTime(report.createdAt)}</dd>
<dt>公布时间</dt><dd>${beijingTime(report.publishedAt)}</dd>
<dt>报告编号</dt><dd>${escapeHtml(report.id)}</dd>
</dl>
<p>下载：<a href="${self}?format=csv">CSV（Excel 可直接打开）</a> · <a href="${self}?format=json">JSON</a></p>
</header>
${correctionsSection(report, leaderName)}
<section>
<h2>按单位汇总</h2>
<p>单位的比率为该单位各领导分子、分母分别相加后相除；响应时长与综合得分只按领导个人计算。</p>
<div class="table" role="region" aria-label="按单位汇总（可横向滚动）" tabindex="0"><table>
<thead><tr><th>单位</th><th>领导人数</th><th>收到留言数</th><th>案件数</th><th>响应率</th><th>按时响应率</th><th>办结率</th><th>超期未响应数</th><th>积压数</th><th>满意度</th><th>本人回复占比</th><th>采集覆盖率</th></tr></thead>
<tbody>
${report.units.map(unitRow).join('\n')}
</tbody>
</table></div>
</section>
<section>
<h2>按领导排名</h2>
<p>每项指标下方的小字为分子 / 分母；积压数下方为不足1天 / 1至3天 / 3至7天 / 7天以上。</p>
<div class="table" role="region" aria-label="按领导排名（可横向滚动）" tabindex="0"><table>
<thead><tr><th>排名</th><th>姓名</th><th>单位</th><th>综合得分</th><th>收到留言数</th><th>案件数</th><th>响应率</th><th>按时响应率</th><th>办结率</th><th>首次响应时长中位数</th><th>首次响应时长P90</th><th>超期未响应数</th><th>积压数</th><th>满意度</th><th>本人回复占比</th><th>采集覆盖率</th></tr></thead>
<tbody>
${report.items.map(leaderRow).join('\n')}
</tbody>
</table></div>
</section>
<section>
<h2>指标定义（口径 ${escapeHtml(report.definitionVersion)}）</h2>
<dl>
${definitionList(report)}
</dl>
</section>
<section>
<h2>如何核验</h2>
<p>内容哈希（SHA-256）：<code>${escapeHtml(report.hash)}</code></p>
<p>该哈希由快照的规范化内容计算：取 JSON 版本中的 <code>definitionVersion</code>、<code>window</code>、<code>items</code>（更正版本另含 <code>supersedes</code>、<code>corrections</code>），键名按字母排序、去除所有空白后，对 UTF-8 字节计算 SHA-256。考评系统通过接口取得的同一快照哈希值与此相同。</p>
<p>CSV 文件的 SHA-256：<code>${escapeHtml(report.csvSha256)}</code></p>
<p>下载 CSV 后，可用 <code>sha256sum 文件名.csv</code>（Windows：<code>certutil -hashfile 文件名.csv SHA256</code>）计算，结果应与上值一致；CSV 的每一行与上表一一对应，包含每项比率的分子与分母；各列的定义见上文，JSON 版本的 <code>definitions</code> 逐项列出其对应的 CSV 列（<code>csvColumns</code>）。</p>
<p>本报告只含领导与单位的统计数字，不含任何市民的姓名、账号或留言内容。</p>
</section>
</body>
</html>
`;
}
