/** The charts of `/leaders/:id`, each with its figures also as a table. */
import { api } from '../../api/client';
import type { CaseItem, LeaderMetrics, Page } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Chart, type ChartOption } from '../../ui/chart';
import { LoadState } from '../../ui/parts';
import { beijingMonthDay } from '../../ui/time';
import { useApi } from '../../ui/use-api';
import { addResponseTimes, RESPONSE_BUCKETS, weeklySeries } from './leader-series';

const BACKLOG_BUCKETS = ['lt1d', 'd1to3', 'd3to7', 'gt7d'];
const MAX_CASE_PAGES = 10;

export function WeeklyChart({ weeks }: { weeks: LeaderMetrics[] }) {
  const { t, locale } = useI18n();
  const series = weeklySeries(weeks);
  const labels = weekLabels(weeks, locale);
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('leader.weeklyCases'), t('leader.weeklyOnTime')] },
    grid: { left: 48, right: 48, top: 56, bottom: 48 },
    xAxis: {
      type: 'category',
      data: labels,
      name: t('leader.weekOf'),
      nameLocation: 'middle',
      nameGap: 28,
    },
    yAxis: [
      { type: 'value', name: t('leader.weeklyCases'), minInterval: 1 },
      { type: 'value', name: '%', min: 0, max: 100 },
    ],
    series: [
      { name: t('leader.weeklyCases'), type: 'bar', data: series.cases, barMaxWidth: 28 },
      {
        name: t('leader.weeklyOnTime'),
        type: 'line',
        yAxisIndex: 1,
        data: series.onTime,
        connectNulls: true,
      },
    ],
  };
  return (
    <Chart
      option={option}
      label={t('leader.weekly')}
      data={{
        head: [t('leader.weekOf'), t('leader.weeklyCases'), t('leader.weeklyOnTime')],
        rows: labels.map((label, i) => [
          label,
          series.cases[i],
          series.onTime[i] === null ? '—' : `${series.onTime[i]}%`,
        ]),
      }}
    />
  );
}

/** Each week by the Beijing month and day it starts on. */
function weekLabels(weeks: LeaderMetrics[], locale: string): string[] {
  return weeks.map((w) => beijingMonthDay(w.window.from, locale));
}

export function CoverageChart({ weeks }: { weeks: LeaderMetrics[] }) {
  const { t, locale } = useI18n();
  const labels = weekLabels(weeks, locale);
  const coverage = weeklySeries(weeks).coverage;
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 24, top: 32, bottom: 48 },
    xAxis: {
      type: 'category',
      data: labels,
      name: t('leader.weekOf'),
      nameLocation: 'middle',
      nameGap: 28,
    },
    yAxis: { type: 'value', min: 0, max: 100, name: `${t('metric.coverage')} (%)` },
    series: [
      {
        name: t('metric.coverage'),
        type: 'line',
        data: coverage,
        areaStyle: { opacity: 0.15 },
        connectNulls: true,
      },
    ],
  };
  return (
    <Chart
      option={option}
      label={t('leader.coverageTrend')}
      data={{
        head: [t('leader.weekOf'), t('metric.coverage')],
        rows: labels.map((label, i) => [label, coverage[i] === null ? '—' : `${coverage[i]}%`]),
      }}
    />
  );
}

export function BacklogChart({ metrics }: { metrics: LeaderMetrics }) {
  const { t, tx } = useI18n();
  const buckets = metrics.metrics.backlog.buckets ?? {};
  const labels = BACKLOG_BUCKETS.map((b) => tx('bucket', b));
  const counts = BACKLOG_BUCKETS.map((b) => buckets[b] ?? 0);
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 24, top: 32, bottom: 48 },
    xAxis: {
      type: 'category',
      data: labels,
      name: t('leader.caseAge'),
      nameLocation: 'middle',
      nameGap: 28,
      axisLabel: { interval: 0 },
    },
    yAxis: { type: 'value', minInterval: 1, name: t('leader.backlogCount') },
    series: [
      {
        name: t('metric.backlog'),
        type: 'bar',
        data: counts,
        barMaxWidth: 48,
        itemStyle: { color: '#ca8a04' },
      },
    ],
  };
  return (
    <Chart
      option={option}
      label={t('leader.backlogAge')}
      data={{
        head: [t('leader.caseAge'), t('leader.backlogCount')],
        rows: labels.map((label, i) => [label, counts[i]]),
      }}
    />
  );
}

/** Pages through the leader's cases one page at a time, keeping only the bucket counts. */
export function ResponseTimes({ leaderId, since }: { leaderId: string; since: string }) {
  const { t, tx } = useI18n();
  const counts = useApi(async () => {
    let totals: number[] = RESPONSE_BUCKETS.map(() => 0);
    for (let page = 1; page <= MAX_CASE_PAGES; page++) {
      const batch = await api.get<Page<CaseItem>>(`/api/v1/leaders/${leaderId}/cases`, {
        page,
        pageSize: 200,
      });
      totals = addResponseTimes(
        totals,
        batch.items.filter((item) => item.openedAt >= since),
      );
      if (page * batch.pageSize >= batch.total) {
        break;
      }
    }
    return totals;
  }, [leaderId, since]);
  return (
    <LoadState loaded={counts}>
      {(data) => (
        <Chart
          label={t('leader.responseTimes')}
          data={{
            head: [t('leader.timeToResponse'), t('leader.responseCount')],
            rows: RESPONSE_BUCKETS.map((b, i) => [tx('rt', b), data[i]]),
          }}
          option={{
            tooltip: { trigger: 'axis' },
            grid: { left: 48, right: 24, top: 32, bottom: 48 },
            xAxis: {
              type: 'category',
              data: RESPONSE_BUCKETS.map((b) => tx('rt', b)),
              name: t('leader.timeToResponse'),
              nameLocation: 'middle',
              nameGap: 28,
              // Every bucket named, also on a phone's narrow chart.
              axisLabel: { interval: 0, hideOverlap: false, fontSize: 11 },
            },
            yAxis: { type: 'value', minInterval: 1, name: t('leader.responseCount') },
            series: [
              {
                name: t('leader.responseCount'),
                type: 'bar',
                data: data,
                barMaxWidth: 48,
                itemStyle: { color: '#0891b2' },
              },
            ],
          }}
        />
      )}
    </LoadState>
  );
}
