import { useMemo } from 'react';
import { api } from '../../api/client';
import type { CaseItem, Leader, LeaderMetrics, Page } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router';
import { Chart, type ChartOption } from '../../ui/chart';
import { Card, LoadState, PageHeader, percent, Stat } from '../../ui/parts';
import { beijingDate } from '../../ui/time';
import { useApi } from '../../ui/use-api';
import { addResponseTimes, RESPONSE_BUCKETS, weeklySeries, weekWindows } from './leader-series';
import { revealBidi } from '../../ui/user-text';

const BACKLOG_BUCKETS = ['lt1d', 'd1to3', 'd3to7', 'gt7d'];
const MAX_CASE_PAGES = 10;

/** `/leaders/:id`: the leader's figures over time, drawn from the metrics and case APIs. */
export function LeaderScreen({ leaderId }: { leaderId: string }) {
  const { t } = useI18n();
  const leader = useApi(() => api.get<Leader>(`/api/v1/leaders/${leaderId}`), [leaderId]);
  const now = useMemo(() => new Date(), []);
  const windows = useMemo(() => weekWindows(now), [now]);
  const overall = useApi(
    () =>
      api.get<LeaderMetrics>(`/api/v1/metrics/leaders/${leaderId}`, {
        from: windows[0].from,
        to: windows[windows.length - 1].to,
      }),
    [leaderId, windows],
  );
  const weeks = useApi(
    () =>
      Promise.all(
        windows.map((w) => api.get<LeaderMetrics>(`/api/v1/metrics/leaders/${leaderId}`, w)),
      ),
    [leaderId, windows],
  );
  return (
    <>
      <LoadState loaded={leader}>
        {(l) => (
          <PageHeader
            title={t('leader.title', { name: revealBidi(l.name) })}
            subtitle={t('leader.profile', { title: l.title, unit: l.unit, region: l.regionCode })}
            actions={<Link to={`/leaders/${leaderId}/cases`}>{t('leader.openBacklog')} →</Link>}
          />
        )}
      </LoadState>
      <LoadState loaded={overall}>{(metrics) => <Overview metrics={metrics} />}</LoadState>
      <div className="grid-2">
        <Card title={t('leader.weekly')} id="weekly">
          <LoadState loaded={weeks}>{(data) => <WeeklyChart weeks={data} />}</LoadState>
        </Card>
        <Card title={t('leader.responseTimes')} id="response-times">
          <ResponseTimes leaderId={leaderId} since={windows[0].from} />
        </Card>
        <Card title={t('leader.backlogAge')} id="backlog-age">
          <LoadState loaded={overall}>{(metrics) => <BacklogChart metrics={metrics} />}</LoadState>
        </Card>
        <Card title={t('leader.coverageTrend')} id="coverage">
          <LoadState loaded={weeks}>{(data) => <CoverageChart weeks={data} />}</LoadState>
        </Card>
      </div>
    </>
  );
}

function Overview({ metrics }: { metrics: LeaderMetrics }) {
  const { t, locale } = useI18n();
  const m = metrics.metrics;
  const ratio = (name: keyof typeof m) => `${m[name].numerator} / ${m[name].denominator}`;
  return (
    <Card>
      <p className="muted small">
        {beijingDate(metrics.window.from, locale)} – {beijingDate(metrics.window.to, locale)} ·{' '}
        {metrics.definitionVersion}
      </p>
      <div className="stats">
        <Stat label={t('metric.cases')} value={m.cases.value ?? '—'} />
        <Stat
          label={t('metric.onTimeResponseRate')}
          value={percent(m.onTimeResponseRate.value)}
          detail={ratio('onTimeResponseRate')}
        />
        <Stat
          label={t('metric.responseRate')}
          value={percent(m.responseRate.value)}
          detail={ratio('responseRate')}
        />
        <Stat
          label={t('metric.resolutionRate')}
          value={percent(m.resolutionRate.value)}
          detail={ratio('resolutionRate')}
        />
        <Stat label={t('metric.overdue')} value={m.overdue.value ?? '—'} />
        <Stat
          label={t('metric.satisfaction')}
          value={m.satisfaction.value ?? '—'}
          detail={ratio('satisfaction')}
        />
        <Stat
          label={t('metric.coverage')}
          value={percent(m.coverage.value)}
          detail={ratio('coverage')}
        />
      </div>
    </Card>
  );
}

function WeeklyChart({ weeks }: { weeks: LeaderMetrics[] }) {
  const { t, locale } = useI18n();
  const series = weeklySeries(weeks);
  const labels = weeks.map((w) => beijingDate(w.window.from, locale).slice(5));
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('leader.weeklyCases'), t('leader.weeklyOnTime')] },
    grid: { left: 48, right: 48, top: 56, bottom: 32 },
    xAxis: { type: 'category', data: labels },
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
  return <Chart option={option} label={t('leader.weekly')} />;
}

function CoverageChart({ weeks }: { weeks: LeaderMetrics[] }) {
  const { t, locale } = useI18n();
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 24, top: 24, bottom: 32 },
    xAxis: {
      type: 'category',
      data: weeks.map((w) => beijingDate(w.window.from, locale).slice(5)),
    },
    yAxis: { type: 'value', min: 0, max: 100, name: '%' },
    series: [
      {
        name: t('metric.coverage'),
        type: 'line',
        data: weeklySeries(weeks).coverage,
        areaStyle: { opacity: 0.15 },
        connectNulls: true,
      },
    ],
  };
  return <Chart option={option} label={t('leader.coverageTrend')} />;
}

function BacklogChart({ metrics }: { metrics: LeaderMetrics }) {
  const { t, tx } = useI18n();
  const buckets = metrics.metrics.backlog.buckets ?? {};
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 24, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: BACKLOG_BUCKETS.map((b) => tx('bucket', b)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('metric.backlog'),
        type: 'bar',
        data: BACKLOG_BUCKETS.map((b) => buckets[b] ?? 0),
        barMaxWidth: 48,
        itemStyle: { color: '#ca8a04' },
      },
    ],
  };
  return <Chart option={option} label={t('leader.backlogAge')} />;
}

/** Pages through the leader's cases one page at a time, keeping only the bucket counts. */
function ResponseTimes({ leaderId, since }: { leaderId: string; since: string }) {
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
          option={{
            tooltip: { trigger: 'axis' },
            grid: { left: 48, right: 24, top: 24, bottom: 32 },
            xAxis: { type: 'category', data: RESPONSE_BUCKETS.map((b) => tx('rt', b)) },
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
