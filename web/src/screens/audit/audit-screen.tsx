import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import type { AuditEvent, Page, Verify } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router';
import { LeaderPicker } from '../../ui/leader-picker';
import { ActorName } from '../../ui/actor';
import { namesField } from '../../ui/errors';
import { Badge, Card, Field, LoadState, Notice, PageHeader, Pager } from '../../ui/parts';
import { TableWrap } from '../../ui/table-wrap';
import { beijingMidnight, beijingTime, instantsInBeijing, nextDay } from '../../ui/time';
import { useApi } from '../../ui/use-api';
import { AuditAction } from '../../ui/audit-action';
import { IntegrityCard } from './integrity-card';

const PAGE_SIZE = 20;

export function AuditScreen() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('audit.title')} />
      <VerifyCard />
      <IntegrityCard />
      <EventLog />
    </>
  );
}

function VerifyCard() {
  const { t, locale } = useI18n();
  const verify = useApi(
    () =>
      api
        .get<Verify>('/api/v1/audit/verify')
        .then((result) => ({ result, at: new Date().toISOString() })),
    [],
  );
  return (
    <Card
      title={t('audit.verify')}
      id="verify"
      actions={
        <button
          type="button"
          onClick={verify.reload}
          disabled={verify.loading}
          aria-busy={verify.loading || undefined}
        >
          {verify.loading ? t('audit.checking') : t('audit.recheck')}
        </button>
      }
    >
      <LoadState loaded={verify}>
        {({ result, at }) => (
          <>
            <VerifyResult result={result} />
            <p className="small muted" role="status">
              {t('audit.checkedAt', { at: beijingTime(at, locale) })}
            </p>
          </>
        )}
      </LoadState>
    </Card>
  );
}

function VerifyResult({ result }: { result: Verify }) {
  const { t, locale } = useI18n();
  return result.ok ? (
    <Notice tone="success">
      <Badge tone="good">OK</Badge> {t('audit.verifyOk', { checked: result.checked })}
    </Notice>
  ) : (
    <Notice tone="error">
      <Badge tone="bad">!</Badge>{' '}
      {t('audit.verifyBroken', {
        seq: result.firstBrokenSeq ?? '?',
        reason: result.reason ? instantsInBeijing(result.reason, locale) : '',
      })}
    </Notice>
  );
}

interface EventFilters {
  caseId: string;
  leaderId: string;
  from: string;
  to: string;
}

function EventLog() {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<EventFilters>({ caseId: '', leaderId: '', from: '', to: '' });
  const [filters, setFilters] = useState<EventFilters>(draft);
  const [page, setPage] = useState(1);
  const events = useApi(
    () =>
      api.get<Page<AuditEvent>>('/api/v1/audit/events', {
        caseId: filters.caseId.trim(),
        leaderId: filters.leaderId,
        from: filters.from ? beijingMidnight(filters.from) : undefined,
        // The date input names the last day shown; the service's `to` is exclusive.
        to: filters.to ? beijingMidnight(nextDay(filters.to)) : undefined,
        page,
        pageSize: PAGE_SIZE,
      }),
    [filters, page],
  );
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
    setPage(1);
  };
  return (
    <Card title={t('audit.events')} id="events">
      <form className="filters" onSubmit={apply} aria-label={t('audit.events')}>
        <LeaderPicker
          allowAll
          value={draft.leaderId}
          onChange={(leaderId) => setDraft({ ...draft, leaderId })}
        />
        <Field label={t('audit.filterCase')} invalid={namesField(events.error, 'caseId')}>
          <input
            name="caseId"
            value={draft.caseId}
            onChange={(e) => setDraft({ ...draft, caseId: e.target.value })}
          />
        </Field>
        <Field label={t('audit.from')} invalid={namesField(events.error, 'from')}>
          <input
            type="date"
            name="from"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </Field>
        <Field label={t('audit.toInclusive')} invalid={namesField(events.error, 'to')}>
          <input
            type="date"
            name="to"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </Field>
        <button type="submit" className="primary">
          {t('audit.filter')}
        </button>
      </form>
      <LoadState loaded={events}>
        {(data) => (
          <>
            <TableWrap>
              <table className="table" aria-label={t('audit.events')}>
                <thead>
                  <tr>
                    <th scope="col">{t('audit.seq')}</th>
                    <th scope="col">{t('audit.at')}</th>
                    <th scope="col">{t('audit.action')}</th>
                    <th scope="col">{t('audit.actor')}</th>
                    <th scope="col">{t('audit.case')}</th>
                    <th scope="col">{t('audit.hash')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((event) => (
                    <tr key={event.seq}>
                      <td className="num">{event.seq}</td>
                      <td className="nowrap">{beijingTime(event.occurredAt, locale)}</td>
                      <td className="nowrap">
                        <AuditAction action={event.action} />
                      </td>
                      <td className="nowrap">
                        <ActorName actor={event.actor} />
                      </td>
                      <td>
                        {event.caseId ? (
                          <Link to={`/cases/${event.caseId}`}>{event.caseId.slice(0, 8)}</Link>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        <code title={event.hash}>{event.hash.slice(0, 16)}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            {data.items.length === 0 ? <p className="empty">{t('common.empty')}</p> : null}
            <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
          </>
        )}
      </LoadState>
    </Card>
  );
}
