import type { CaseItem } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { durationParts } from './time';

/**
 * The time left on the clock that matters now, as the service counts it:
 * working time on the PRC calendar (the holidays do not run the clock), or the
 * wall clock for help about safety. Negative is the time overdue.
 */
export function TimeLeft({ item }: { item: CaseItem }) {
  const { t } = useI18n();
  const left = item.timeLeft;
  if (left === null) {
    return <span className="muted">—</span>;
  }
  const { days, hours, minutes } = durationParts(left.ms);
  const duration =
    days > 0
      ? `${t('duration.days', { n: days })}${hours > 0 ? t('duration.hours', { n: hours }) : ''}`
      : hours > 0
        ? `${t('duration.hours', { n: hours })}${minutes > 0 ? t('duration.minutes', { n: minutes }) : ''}`
        : t('duration.minutes', { n: minutes });
  const unit = t(left.unit === 'working_time' ? 'backlog.workingTime' : 'backlog.wallClock');
  return left.ms < 0 ? (
    <span className="overdue-text" title={unit}>
      {t('backlog.overdueBy', { duration })}
      <span className="small muted"> {unit}</span>
    </span>
  ) : (
    <span title={unit}>
      {t('backlog.leftIn', { duration })}
      <span className="small muted"> {unit}</span>
    </span>
  );
}
