import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import type { AuditEvent, IntegrityReport, Page, Verify } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router';
import { LeaderPicker } from '../../ui/leader-picker';
import { Badge, Card, Field, LoadState, Notice, PageHeader, Pager } from '../../ui/parts';
import { beijingMidnight, beijingTime } from '../../ui/time';
import { useApi } from '../../ui/use-api';
import { revealBidi, UserText } from '../../ui/user-text';
import { AuditAction } from '../../ui/audit-action';

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
                        <AuditAction action={event.action} />
                      </td>
                      <td>
                        <UserText text={event.actor} />
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
  const report = useApi(
    () =>
      leaderId
        ? api.get<IntegrityReport>(`/api/v1/integrity/leaders/${leaderId}`)
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
        <LoadState loaded={report}>
          {(result) => {
            if (result === null) {
              return null;
            }
            const raised = result.flags.filter((flag) => flag.count > 0);
            return (
              <>
                <p className="muted small">
                  {t('audit.integrityWindow', {
                    from: beijingTime(result.window.from, locale),
                    to: beijingTime(result.window.to, locale),
                  })}
                </p>
                {raised.length === 0 ? <p className="empty">{t('audit.integrityNone')}</p> : null}
                <div className="table-wrap">
                  <table className="table" aria-label={t('audit.integrityTable')}>
                    <thead>
                      <tr>
                        <th scope="col">{t('audit.flagType')}</th>
                        <th scope="col">{t('audit.flagCount')}</th>
                        <th scope="col">{t('audit.case')}</th>
                        <th scope="col">{t('audit.flagEvidence')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {result.flags.map((flag) => (
                        <tr key={flag.type}>
                          <td>
                            <Badge tone={flag.count > 0 ? 'warn' : 'good'}>
                              {t(`integrity.${flag.type}`)}
                            </Badge>
                          </td>
                          <td className="nowrap">
                            {flag.count} / {flag.denominator}
                          </td>
                          <td>
                            {flag.caseIds.slice(0, 10).map((caseId) => (
                              <span key={caseId} className="nowrap">
                                <Link to={`/cases/${caseId}`}>{caseId.slice(0, 8)}</Link>{' '}
                              </span>
                            ))}
                            {flag.caseIds.length > 10 ? ` … (${flag.caseIds.length})` : null}
                          </td>
                          <td>
                            {flag.evidence.slice(0, 3).map((item, index) => (
                              <div key={index} className="small">
                                {beijingTime(item.from, locale)}
                                {item.actor ? ` · ${revealBidi(item.actor)}` : ''}
                                {Object.entries(item.detail)
                                  .filter(([, value]) => value !== null)
                                  .map(([key, value]) => ` · ${key}: ${String(value).slice(0, 80)}`)
                                  .join('')}
                              </div>
                            ))}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            );
          }}
        </LoadState>
      )}
    </Card>
  );
}
