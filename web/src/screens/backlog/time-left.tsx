import type { CaseItem } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { durationParts } from '../../ui/time';

/** The deadline that matters now: the response deadline until answered, then the resolve deadline. */
export function activeDeadline(item: CaseItem): string | null {
  if (item.status === 'resolved' || item.status === 'closed') {
    return null;
  }
  return item.firstResponseAt === null ? item.acknowledgeDeadline : item.resolveDeadline;
}

export function TimeLeft({ item, now }: { item: CaseItem; now: number }) {
  const { t } = useI18n();
  const deadline = activeDeadline(item);
  if (deadline === null) {
    return <span className="muted">—</span>;
  }
  const left = new Date(deadline).getTime() - now;
  const { days, hours, minutes } = durationParts(left);
  const duration =
    days > 0
      ? `${t('duration.days', { n: days })}${hours > 0 ? t('duration.hours', { n: hours }) : ''}`
      : hours > 0
        ? `${t('duration.hours', { n: hours })}${minutes > 0 ? t('duration.minutes', { n: minutes }) : ''}`
        : t('duration.minutes', { n: minutes });
  return left < 0 ? (
    <span className="overdue-text">{t('backlog.overdueBy', { duration })}</span>
  ) : (
    <span>{t('backlog.leftIn', { duration })}</span>
  );
}
