import type { CaseDetail } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router';
import { Badge, Card } from '../../ui/parts';
import { beijingTime } from '../../ui/time';
import { formatDuration, lateBy } from '../../ui/time-left';
import { UserText } from '../../ui/user-text';

/**
 * A case's two clocks and its first response. A response that came after the
 * respond-by deadline stays marked as late, with by how much (wall clock), once
 * the case is no longer overdue.
 */
export function ClocksCard({ item }: { item: CaseDetail }) {
  const { t, locale } = useI18n();
  const late = lateBy(item);
  const evidence = item.firstResponseEvidence;
  return (
    <Card title={t('case.clocks')} id="clocks">
      <dl className="facts">
        <dt>{t('backlog.ackDeadline')}</dt>
        <dd>
          {beijingTime(item.acknowledgeDeadline, locale)}{' '}
          {item.overdue ? (
            <Badge tone="bad" title={t('backlog.ackOverdueHint')}>
              {t('backlog.ackOverdue')}
            </Badge>
          ) : null}
          {late !== null ? (
            <Badge tone="warn" title={t('backlog.answeredLateHint')}>
              {t('case.answeredLateBy', { duration: formatDuration(late, t) })}
            </Badge>
          ) : null}
        </dd>
        <dt>{t('backlog.resolveDeadline')}</dt>
        <dd>
          {beijingTime(item.resolveDeadline, locale)}{' '}
          {item.resolveOverdue ? (
            <Badge tone="warn" title={t('backlog.resolveOverdueHint')}>
              {t('backlog.resolveOverdue')}
            </Badge>
          ) : null}
        </dd>
        <dt>{t('case.firstResponse')}</dt>
        <dd>
          {item.firstResponseAt ? (
            <>
              {beijingTime(item.firstResponseAt, locale)} ·{' '}
              {item.firstResponseBy ? t(`case.firstResponseBy.${item.firstResponseBy}`) : ''}
              {late !== null ? (
                <span className="small muted">
                  {' '}
                  · {t('case.lateWallClock', { duration: formatDuration(late, t) })}
                </span>
              ) : null}
              {evidence?.acknowledgement ? (
                <Badge tone="warn">{t('case.acknowledgementOnly')}</Badge>
              ) : null}
            </>
          ) : (
            <span className="muted">{t('case.noResponse')}</span>
          )}
        </dd>
        {item.referredTo ? (
          <>
            <dt>{t('case.referredTo')}</dt>
            <dd>
              <UserText text={item.referredTo} />
            </dd>
          </>
        ) : null}
        {item.duplicateOf ? (
          <>
            <dt>{t('case.duplicateOf')}</dt>
            <dd>
              <Link to={`/cases/${item.duplicateOf}`}>{item.duplicateOf}</Link>
            </dd>
          </>
        ) : null}
      </dl>
    </Card>
  );
}
