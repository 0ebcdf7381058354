import type { AuditEvent } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { beijingTime } from '../../ui/time';
import { ActorName } from '../../ui/actor';
import { AuditAction } from '../../ui/audit-action';

/** The case's events in chain order, each with the start of its hash. */
export function AuditTimeline({ events }: { events: AuditEvent[] }) {
  const { locale, t } = useI18n();
  if (events.length === 0) {
    return <p className="muted">{t('common.empty')}</p>;
  }
  return (
    <ol className="timeline audit-timeline" aria-label={t('case.audit')}>
      {events.map((event) => (
        <li key={event.seq}>
          <span className="seq">#{event.seq}</span>{' '}
          <strong>
            <AuditAction action={event.action} />
          </strong>{' '}
          <span className="muted">{beijingTime(event.occurredAt, locale)}</span>
          <div className="muted small">
            <ActorName actor={event.actor} /> ·{' '}
            <code title={event.hash}>{event.hash.slice(0, 12)}</code>
          </div>
        </li>
      ))}
    </ol>
  );
}
