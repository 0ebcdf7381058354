import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import type { AuditEvent, IntegrityFlag, Page, Verify } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router';
import { LeaderPicker } from '../../ui/leader-picker';
import { Badge, Card, Field, LoadState, Notice, PageHeader, Pager } from '../../ui/parts';
import { beijingMidnight, beijingTime } from '../../ui/time';
import { useApi } from '../../ui/use-api';
import { itemsOf, optionalGet } from '../optional-api';

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
  const { t } = useI18n();
  const verify = useApi(() => api.get<Verify>('/api/v1/audit/verify'), []);
  return (
    <Card
      title={t('audit.verify')}
      id="verify"
      actions={
        <button type="button" onClick={verify.reload}>
          {t('audit.recheck')}
        </button>
      }
    >
      <LoadState loaded={verify}>
        {(result) =>
          result.ok ? (
            <Notice tone="success">
              <Badge tone="good">OK</Badge> {t('audit.verifyOk', { checked: result.checked })}
            </Notice>
          ) : (
            <Notice tone="error">
              <Badge tone="bad">!</Badge>{' '}
              {t('audit.verifyBroken', {
                seq: result.firstBrokenSeq ?? '?',
                reason: result.reason ?? '',
              })}
            </Notice>
          )
        }
      </LoadState>
    </Card>
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
        to: filters.to ? beijingMidnight(filters.to) : undefined,
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
        <Field label={t('audit.filterCase')}>
          <input
            name="caseId"
            value={draft.caseId}
            onChange={(e) => setDraft({ ...draft, caseId: e.target.value })}
          />
        </Field>
        <Field label={t('audit.from')}>
          <input
            type="date"
            name="from"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </Field>
        <Field label={t('audit.to')}>
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
            <div className="table-wrap">
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
                      <td>
                        <code>{event.action}</code>
                      </td>
                      <td>{event.actor}</td>
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
            </div>
            {data.items.length === 0 ? <p className="empty">{t('common.empty')}</p> : null}
            <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
          </>
        )}
      </LoadState>
    </Card>
  );
}

function IntegrityCard() {
  const { t, locale } = useI18n();
  const [leaderId, setLeaderId] = useState('');
  const flags = useApi(
    () =>
      leaderId
        ? optionalGet<unknown>(`/api/v1/integrity/leaders/${leaderId}`)
        : Promise.resolve(null),
    [leaderId],
  );
  return (
    <Card title={t('audit.integrity')} id="integrity">
      <div className="toolbar">
        <LeaderPicker value={leaderId} onChange={setLeaderId} />
      </div>
      {leaderId === '' ? (
        <p className="muted">{t('backlog.pickLeader')}</p>
      ) : (
        <LoadState loaded={flags}>
          {(result) => {
            if (result === null) {
              return null;
            }
            if (!result.available) {
              return (
                <Notice tone="info">{t('common.notAvailable', { status: result.status })}</Notice>
              );
            }
            const list = itemsOf<IntegrityFlag>(result.data);
            if (list.length === 0) {
              return <p className="empty">{t('audit.integrityNone')}</p>;
            }
            return (
              <table className="table" aria-label={t('audit.integrity')}>
                <thead>
                  <tr>
                    <th scope="col">{t('audit.flagType')}</th>
                    <th scope="col">{t('audit.case')}</th>
                    <th scope="col">{t('audit.at')}</th>
                    <th scope="col">{t('audit.flagEvidence')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((flag, index) => (
                    <tr key={index}>
                      <td>
                        <Badge tone={flag.severity === 'high' ? 'bad' : 'warn'}>
                          {flag.type ?? flag.kind ?? flag.code ?? '?'}
                        </Badge>
                        {(flag.message ?? flag.description) ? (
                          <div className="small">{flag.message ?? flag.description}</div>
                        ) : null}
                      </td>
                      <td>
                        {flag.caseId ? (
                          <Link to={`/cases/${flag.caseId}`}>{flag.caseId.slice(0, 8)}</Link>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td className="nowrap">{beijingTime(flag.detectedAt ?? flag.at, locale)}</td>
                      <td>
                        <code className="evidence">
                          {JSON.stringify(flag.evidence ?? {}).slice(0, 200)}
                        </code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            );
          }}
        </LoadState>
      )}
    </Card>
  );
}
