import { mayUse } from '../../access';
import { api } from '../../api/client';
import type {
  CaseCategory,
  CaseItem,
  CaseKind,
  Leader,
  ListCasesQuery,
  Page,
} from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate, useLocation } from '../../router';
import {
  CATEGORIES,
  FILTER_NAMES,
  type Filters,
  KINDS,
  PAGE_SIZE,
  readView,
  replaceQuery,
  STATUSES,
  UUID,
} from './backlog-query';
import { usePrincipal } from '../../session';
import { KindBadge, StatusBadge } from '../../ui/case-badges';
import { LeaderPicker } from '../../ui/leader-picker';
import { NoAccessCard } from '../../ui/no-access';
import { Card, Field, isForbidden, LoadState, PageHeader, Pager } from '../../ui/parts';
import { TableWrap } from '../../ui/table-wrap';
import { beijingTime } from '../../ui/time';
import { useApi } from '../../ui/use-api';
import { DeadlineBadges, TimeLeft } from '../../ui/time-left';
import { revealBidi, UserText } from '../../ui/user-text';

/** `/backlog` (the caller's own leader, or one picked) and `/leaders/:id/cases`. */
export function BacklogScreen({ leaderId }: { leaderId?: string }) {
  const { t } = useI18n();
  const principal = usePrincipal();
  const { path, search } = useLocation();
  const own = principal.leaderIds.length > 0 ? principal.leaderIds[0] : '';
  const fromUrl = search.get('leader') ?? '';
  const picked = UUID.test(fromUrl) ? fromUrl : own;
  const current = leaderId ?? picked;
  const leader = useApi(
    () => (current ? api.get<Leader>(`/api/v1/leaders/${current}`) : Promise.resolve(null)),
    [current],
  );
  if (isForbidden(leader)) {
    return <NoAccessCard kind="data" />;
  }
  return (
    <>
      <BacklogHeader leaderId={current} leader={leader.data} />
      {leaderId === undefined && principal.leaderIds.length !== 1 ? (
        <div className="toolbar">
          <LeaderPicker
            value={picked}
            onChange={(id) =>
              replaceQuery(path, new URLSearchParams(), id === own ? {} : { leader: id })
            }
          />
        </div>
      ) : null}
      {current ? (
        leader.data ? (
          <CaseTable key={current} leaderId={current} />
        ) : (
          <LoadState loaded={leader}>{() => null}</LoadState>
        )
      ) : (
        <Card>{t('backlog.pickLeader')}</Card>
      )}
    </>
  );
}

function BacklogHeader({ leaderId, leader }: { leaderId: string; leader: Leader | null }) {
  const { t } = useI18n();
  const principal = usePrincipal();
  const ownFigures = principal.role === 'leader' && principal.leaderIds.includes(leaderId);
  return (
    <PageHeader
      title={leader ? t('backlog.titleFor', { name: revealBidi(leader.name) }) : t('backlog.title')}
      subtitle={leader ? revealBidi(`${leader.title} · ${leader.unit}`) : t('backlog.note')}
      actions={
        leader && mayUse(principal.role, '/leaders/:id') ? (
          <Link to={`/leaders/${leaderId}`}>
            {t(ownFigures ? 'backlog.myFigures' : 'backlog.leaderFigures')} →
          </Link>
        ) : undefined
      }
    />
  );
}

function CaseTable({ leaderId }: { leaderId: string }) {
  const { t, tx, locale } = useI18n();
  const { path, search } = useLocation();
  const { filters, page } = readView(search);
  const query: ListCasesQuery = {
    page,
    pageSize: PAGE_SIZE,
    ...(filters.status ? { status: filters.status as ListCasesQuery['status'] } : {}),
    ...(filters.overdue ? { overdue: filters.overdue as ListCasesQuery['overdue'] } : {}),
    ...(filters.kind ? { kind: filters.kind as CaseKind } : {}),
    ...(filters.category ? { category: filters.category as CaseCategory } : {}),
  };
  const key = JSON.stringify(query);
  const cases = useApi(
    () => api.get<Page<CaseItem>>(`/api/v1/leaders/${leaderId}/cases`, query),
    [leaderId, key],
  );
  const set = (name: keyof Filters) => (value: string) =>
    replaceQuery(path, search, { [name]: value, page: '' });
  const setPage = (next: number) => replaceQuery(path, search, { page: String(next) });
  const filtered = FILTER_NAMES.some((name) => filters[name] !== '');
  return (
    <Card>
      <form
        className="filters"
        onSubmit={(event) => event.preventDefault()}
        aria-label={t('backlog.title')}
      >
        <Field label={t('backlog.status')}>
          <select
            name="status"
            value={filters.status}
            onChange={(e) => set('status')(e.target.value)}
          >
            <option value="">{t('common.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {tx('status', s)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('backlog.overdue')} hint={t('backlog.overdueHint')}>
          <select
            name="overdue"
            value={filters.overdue}
            onChange={(e) => set('overdue')(e.target.value)}
          >
            <option value="">{t('common.all')}</option>
            <option value="true">{t('backlog.overdueOnly')}</option>
            <option value="false">{t('backlog.notOverdue')}</option>
          </select>
        </Field>
        <Field label={t('backlog.kind')}>
          <select name="kind" value={filters.kind} onChange={(e) => set('kind')(e.target.value)}>
            <option value="">{t('common.all')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {tx('kind', k)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('backlog.category')}>
          <select
            name="category"
            value={filters.category}
            onChange={(e) => set('category')(e.target.value)}
          >
            <option value="">{t('common.all')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {tx('category', c)}
              </option>
            ))}
          </select>
        </Field>
        {filtered ? (
          <button
            type="button"
            className="link-button"
            onClick={() =>
              replaceQuery(path, search, {
                status: '',
                overdue: '',
                kind: '',
                category: '',
                page: '',
              })
            }
          >
            {t('backlog.clearFilters')}
          </button>
        ) : null}
      </form>
      <LoadState loaded={cases}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="empty">{t('backlog.empty')}</p>
          ) : (
            <>
              <TableWrap>
                <table className="table stacked" aria-label={t('backlog.title')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('backlog.message')}</th>
                      <th scope="col">{t('backlog.author')}</th>
                      <th scope="col">{t('backlog.kind')}</th>
                      <th scope="col">{t('backlog.status')}</th>
                      <th scope="col">{t('backlog.opened')}</th>
                      <th scope="col">{t('backlog.deadline')}</th>
                      <th scope="col">{t('backlog.timeLeft')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((item) => (
                      <tr
                        key={item.id}
                        className={
                          item.overdue
                            ? 'row-overdue'
                            : item.resolveOverdue
                              ? 'row-resolve-overdue'
                              : undefined
                        }
                        onDoubleClick={() => navigate(`/cases/${item.id}`)}
                      >
                        <td className="message-cell" data-label={t('backlog.message')}>
                          <Link to={`/cases/${item.id}`}>
                            <UserText text={item.message.text} />
                          </Link>
                        </td>
                        <td className="name-cell" data-label={t('backlog.author')}>
                          <UserText text={item.message.authorName} />
                        </td>
                        <td className="nowrap" data-label={t('backlog.kind')}>
                          <KindBadge kind={item.kind} />{' '}
                          <span className="muted">{tx('category', item.category)}</span>
                        </td>
                        <td className="badges-cell" data-label={t('backlog.status')}>
                          <StatusBadge status={item.status} /> <DeadlineBadges item={item} />
                        </td>
                        <td className="nowrap" data-label={t('backlog.opened')}>
                          {beijingTime(item.openedAt, locale)}
                        </td>
                        <td className="nowrap" data-label={t('backlog.deadline')}>
                          {item.timeLeft ? (
                            <>
                              {beijingTime(item.timeLeft.at, locale)}
                              <div className="small muted">
                                {t(
                                  item.timeLeft.deadline === 'acknowledge'
                                    ? 'backlog.ackDeadline'
                                    : 'backlog.resolveDeadline',
                                )}
                              </div>
                            </>
                          ) : (
                            '—'
                          )}
                        </td>
                        <td className="nowrap time-left-cell" data-label={t('backlog.timeLeft')}>
                          <TimeLeft item={item} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <Pager
                page={data.page}
                pageSize={data.pageSize}
                total={data.total}
                onPage={setPage}
              />
            </>
          )
        }
      </LoadState>
    </Card>
  );
}
