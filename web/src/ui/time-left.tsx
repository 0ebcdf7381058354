import type { CaseItem } from '../api/types';
import { type Translate, useI18n } from '../i18n/i18n';
import { Badge } from './parts';
import { durationParts } from './time';

/** A duration in its largest two parts ("13天10小时", "13 d 10 h"). */
export function formatDuration(ms: number, t: Translate): string {
  const { days, hours, minutes } = durationParts(ms);
  const join = (first: string, second: string | null) =>
    second === null ? first : `${first}${t('duration.join')}${second}`;
  if (days > 0) {
    return join(
      t('duration.days', { n: days }),
      hours > 0 ? t('duration.hours', { n: hours }) : null,
    );
  }
  if (hours > 0) {
    return join(
      t('duration.hours', { n: hours }),
      minutes > 0 ? t('duration.minutes', { n: minutes }) : null,
    );
  }
  return t('duration.minutes', { n: minutes });
}

/**
 * The time left on the clock that matters now, as the service counts it:
 * working time on the PRC calendar (the holidays do not run the clock), or the
 * wall clock for help about safety. Negative is the time overdue, said with
 * the clock it is overdue on (the first response or the resolution).
 */
export function TimeLeft({ item }: { item: CaseItem }) {
  const { t } = useI18n();
  const left = item.timeLeft;
  if (left === null) {
    return <span className="muted">—</span>;
  }
  const duration = formatDuration(left.ms, t);
  const unit = t(left.unit === 'working_time' ? 'backlog.workingTime' : 'backlog.wallClock');
  // The API's flags decide: a deadline passed at a midnight before days off leaves 0 working ms.
  const overdue = left.deadline === 'acknowledge' ? item.overdue : item.resolveOverdue;
  if (!overdue) {
    return (
      <span title={unit}>
        {t('backlog.leftIn', { duration })}
        <span className="small muted"> {unit}</span>
      </span>
    );
  }
  return (
    <span className={left.deadline === 'acknowledge' ? 'overdue-text' : 'late-text'} title={unit}>
      {t(left.deadline === 'acknowledge' ? 'backlog.ackOverdueBy' : 'backlog.resolveOverdueBy', {
        duration,
      })}
      <span className="small muted"> {unit}</span>
    </span>
  );
}

/** How late the first response came, wall clock; null when it came in time or not yet. */
export function lateBy(item: CaseItem): number | null {
  if (!item.firstResponseAt) {
    return null;
  }
  const late = Date.parse(item.firstResponseAt) - Date.parse(item.acknowledgeDeadline);
  return late > 0 ? late : null;
}

/**
 * Which deadline a case missed, each its own labelled badge: no response past
 * the respond-by deadline (the `overdue` of the metrics and of the filter), a
 * response that came late, and a resolve-by deadline passed while still open.
 */
export function DeadlineBadges({ item }: { item: CaseItem }) {
  const { t } = useI18n();
  const late = lateBy(item);
  return (
    <>
      {item.overdue ? (
        <Badge tone="bad" title={t('backlog.ackOverdueHint')}>
          {t('backlog.ackOverdue')}
        </Badge>
      ) : null}
      {late !== null ? (
        <Badge tone="warn" title={t('backlog.answeredLateHint')}>
          {t('backlog.answeredLate')}
        </Badge>
      ) : null}
      {item.resolveOverdue ? (
        <Badge tone="warn" title={t('backlog.resolveOverdueHint')}>
          {t('backlog.resolveOverdue')}
        </Badge>
      ) : null}
    </>
  );
}
