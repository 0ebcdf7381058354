/**
 * What each figure of a published report means (SPEC sections 5 and 10), in
 * the words the report shows: the one source of the definitions, which the
 * HTML page renders and the JSON form carries. Pure.
 *
 * Each figure is `{value, numerator, denominator}`; an entry says what its
 * numerator and denominator count, and its `text` is the sentence the page
 * shows, composed from those parts so the two cannot drift apart. The CSV
 * form is the frozen table (its bytes are what `csvSha256` states), so an
 * entry names the CSV columns it explains instead of being written into it.
 */
import type { LeaderMetrics } from '../metrics/metric-formulas';

export type MetricName = keyof LeaderMetrics;

export type MetricDefinition = {
  /** The figure's key, as in `items[].metrics` and the CSV header. */
  metric: MetricName;
  /** Its name on the page. */
  name: string;
  numerator: string;
  denominator: string;
  /** The definition as the page shows it. */
  text: string;
  /** The CSV columns that hold this figure or the counts behind it. */
  csvColumns: readonly string[];
};

export type ReportDefinitions = {
  /** What every figure shares: which cases and events count. */
  scope: string;
  /** One entry per figure of a leader, in the page's order. */
  metrics: readonly MetricDefinition[];
};

/** How a figure is worded: a count, a ratio, or a value that is not numerator ÷ denominator. */
type Wording = { name: string; csvColumns: readonly string[]; note?: string } & (
  | { kind: 'count'; counts: string }
  | { kind: 'ratio'; numerator: string; denominator: string }
  | { kind: 'derived'; value: string; numerator: string; denominator: string }
);

const V1_SCOPE =
  '以案件的立案时间（市民留言在微博上的发布时间）落在统计区间内为准；评价时点之后发生的事项一律不计。';

/** Keyed by every figure of LeaderMetrics, so a figure without words does not compile. */
const V1_WORDING: { readonly [metric in MetricName]: Wording } = {
  received: {
    name: '收到留言数',
    kind: 'count',
    counts: '统计区间内市民发给该领导的微博评论数（不含垃圾信息，不含领导本人账号的评论）',
    csvColumns: ['received'],
  },
  cases: {
    name: '案件数',
    kind: 'count',
    counts: '统计区间内由市民留言立案的案件数',
    csvColumns: ['cases'],
  },
  responseRate: {
    name: '响应率',
    kind: 'ratio',
    numerator: '评价时点前已有首次响应（领导本人回复或工作人员跟进）的案件数',
    denominator: '案件数',
    csvColumns: ['responseRate', 'respondedCases', 'cases'],
  },
  onTimeResponseRate: {
    name: '按时响应率',
    kind: 'ratio',
    numerator: '首次响应在受理时限内（含时限当刻）完成的案件数',
    denominator: '案件数',
    note: '受理时限按国家法定工作日历计算。',
    csvColumns: ['onTimeResponseRate', 'onTimeCases', 'cases'],
  },
  resolutionRate: {
    name: '办结率',
    kind: 'ratio',
    numerator: '评价时点前已办结（结果为“已解决”）的案件数',
    denominator: '案件数',
    note: '转办、不予受理、重复件不算办结。',
    csvColumns: ['resolutionRate', 'resolvedCases', 'cases'],
  },
  medianFirstResponseHours: {
    name: '首次响应时长中位数',
    kind: 'derived',
    value: '已响应案件从立案到首次响应的自然时长（小时），按最近秩法取第 50 百分位',
    numerator: '所取的秩',
    denominator: '已响应案件数',
    csvColumns: ['medianFirstResponseHours', 'respondedCases'],
  },
  p90FirstResponseHours: {
    name: '首次响应时长P90',
    kind: 'derived',
    value: '已响应案件从立案到首次响应的自然时长（小时），按最近秩法取第 90 百分位',
    numerator: '所取的秩',
    denominator: '已响应案件数',
    csvColumns: ['p90FirstResponseHours', 'respondedCases'],
  },
  overdue: {
    name: '超期未响应数',
    kind: 'count',
    counts: '评价时点仍无任何响应、且受理时限已过的案件数',
    csvColumns: ['overdue'],
  },
  backlog: {
    name: '积压数',
    kind: 'count',
    counts: '评价时点尚未办结或关闭的案件数',
    note: '按案龄分为不足1天、1至3天、3至7天、7天以上。',
    csvColumns: ['backlog', 'backlogLt1d', 'backlogD1to3', 'backlogD3to7', 'backlogGt7d'],
  },
  satisfaction: {
    name: '满意度',
    kind: 'derived',
    value: '回访满意度得分的平均值（满意 100、较满意 75、一般 50、不满意 0）',
    numerator: '得分之和',
    denominator: '已回访案件数',
    csvColumns: ['satisfaction', 'surveyedCases'],
  },
  leaderReplyShare: {
    name: '本人回复占比',
    kind: 'ratio',
    numerator: '首次响应由领导本人微博账号作出的案件数',
    denominator: '已响应案件数',
    csvColumns: ['leaderReplyShare', 'respondedCases'],
  },
  coverage: {
    name: '采集覆盖率',
    kind: 'ratio',
    numerator: '已采集的评论数',
    denominator: '微博显示的评论数',
    note: '按统计区间内该领导发布的微博逐条封顶后相加，反映数据是否完整。',
    csvColumns: ['coverage', 'commentsHeld', 'commentsReported'],
  },
  score: {
    name: '综合得分',
    kind: 'derived',
    value:
      '0.4×按时响应率 + 0.3×办结率 + 0.2×满意度/100 + 0.1×(1 − 超期未响应数/案件数)，分母为 0 的部分按 0 计',
    numerator: '得分×10000（按万分位取整）',
    denominator: '10000',
    csvColumns: ['score'],
  },
};

function define(metric: MetricName, wording: Wording): MetricDefinition {
  const note = wording.note ?? '';
  const { name, csvColumns } = wording;
  switch (wording.kind) {
    case 'count':
      return {
        metric,
        name,
        numerator: wording.counts,
        denominator: '1',
        text: `${wording.counts}。${note}`,
        csvColumns,
      };
    case 'ratio':
      return {
        metric,
        name,
        numerator: wording.numerator,
        denominator: wording.denominator,
        text: `${wording.numerator} ÷ ${wording.denominator}。${note}`,
        csvColumns,
      };
    case 'derived':
      return {
        metric,
        name,
        numerator: wording.numerator,
        denominator: wording.denominator,
        text: `${wording.value}；分子为${wording.numerator}，分母为${wording.denominator}。${note}`,
        csvColumns,
      };
  }
}

const BY_VERSION: ReadonlyMap<string, ReportDefinitions> = new Map([
  [
    'v1',
    {
      scope: V1_SCOPE,
      metrics: (Object.keys(V1_WORDING) as MetricName[]).map((metric) =>
        define(metric, V1_WORDING[metric]),
      ),
    },
  ],
]);

/** A snapshot's definitions; a version without any is a programming error, not a report to publish. */
export function definitionsOf(definitionVersion: string): ReportDefinitions {
  const definitions = BY_VERSION.get(definitionVersion);
  if (!definitions) {
    throw new Error(`no report definitions for definition version ${definitionVersion}`);
  }
  return definitions;
}
