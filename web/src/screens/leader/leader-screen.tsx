import { useMemo } from 'react';
import { api } from '../../api/client';
import type { Leader, LeaderMetrics } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router';
import { NoAccessCard } from '../../ui/no-access';
import { Card, isForbidden, LoadState, PageHeader, percent, Stat } from '../../ui/parts';
import { useWindowText } from '../../ui/window-text';
import { useApi } from '../../ui/use-api';
import { BacklogChart, CoverageChart, ResponseTimes, WeeklyChart } from './leader-charts';
import { weekWindows } from './leader-series';
import { revealBidi } from '../../ui/user-text';

/**
 * `/leaders/:id`: the leader's figures over time, drawn from the metrics and
 * case APIs once the leader itself could be read (a leader the caller may not
 * see is said once, not refused in every chart).
 */
export function LeaderScreen({ leaderId }: { leaderId: string }) {
  const leader = useApi(() => api.get<Leader>(`/api/v1/leaders/${leaderId}`), [leaderId]);
  if (isForbidden(leader)) {
    return <NoAccessCard kind="data" />;
  }
  return <LoadState loaded={leader}>{(l) => <LeaderFigures leader={l} />}</LoadState>;
}

function LeaderFigures({ leader: l }: { leader: Leader }) {
  const { t } = useI18n();
  const leaderId = l.id;
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
      <PageHeader
        title={t('leader.title', { name: revealBidi(l.name) })}
        subtitle={revealBidi(
          t('leader.profile', { title: l.title, unit: l.unit, region: l.regionCode }),
        )}
        actions={<Link to={`/leaders/${leaderId}/cases`}>{t('leader.openBacklog')} →</Link>}
      />
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
  const { t } = useI18n();
  const windowText = useWindowText();
  const m = metrics.metrics;
  const ratio = (name: keyof typeof m) => `${m[name].numerator} / ${m[name].denominator}`;
  return (
    <Card>
      <p className="muted small">
        {windowText(metrics.window)} · {metrics.definitionVersion}
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
