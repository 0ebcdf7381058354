import { useState } from 'react';
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
import { Link, navigate } from '../../router';
import { usePrincipal } from '../../session';
import { KindBadge, StatusBadge } from '../../ui/case-badges';
import { LeaderPicker } from '../../ui/leader-picker';
import { Card, Field, LoadState, PageHeader, Pager } from '../../ui/parts';
import { beijingTime } from '../../ui/time';
import { useApi } from '../../ui/use-api';
import { TimeLeft } from '../../ui/time-left';
import { revealBidi, UserText } from '../../ui/user-text';

/**
 * The filter choices, typed against the service's own query (the generated
 * OpenAPI schema): a status or category added or renamed there breaks this
 * build until it is offered here; a kind that no longer exists does too.
 */
const STATUS_SET = {
  open: true,
  responded: true,
  resolved: true,
  closed: true,
} satisfies Record<NonNullable<ListCasesQuery['status']>, true>;
const STATUSES = Object.keys(STATUS_SET) as (keyof typeof STATUS_SET)[];
/** Only the kinds that open a case (SPEC 4); praise, other and spam never reach a backlog. */
const KINDS = ['complaint', 'help', 'inquiry', 'suggestion'] as const satisfies readonly CaseKind[];
const CATEGORY_SET = {
  public_order: true,
  traffic: true,
  police_conduct: true,
  fraud: true,
  household_id: true,
  noise: true,
  fire: true,
  environment: true,
  urban: true,
  labour: true,
  education: true,
  health: true,
  commerce: true,
  other: true,
} satisfies Record<CaseCategory, true>;
const CATEGORIES = Object.keys(CATEGORY_SET) as CaseCategory[];
const PAGE_SIZE = 20;

interface Filters {
  status: string;
  overdue: string;
  kind: string;
  category: string;
}

/** `/backlog` (the caller's own leader, or one picked) and `/leaders/:id/cases`. */
export function BacklogScreen({ leaderId }: { leaderId?: string }) {
  const { t } = useI18n();
  const principal = usePrincipal();
  const own = principal.leaderIds.length > 0 ? principal.leaderIds[0] : '';
  const [picked, setPicked] = useState(own);
  const current = leaderId ?? picked;
  return (
    <>
      <BacklogHeader leaderId={current} />
      {leaderId === undefined && principal.leaderIds.length !== 1 ? (
        <div className="toolbar">
          <LeaderPicker value={picked} onChange={setPicked} />
        </div>
      ) : null}
      {current ? (
        <CaseTable key={current} leaderId={current} />
      ) : (
        <Card>{t('backlog.pickLeader')}</Card>
      )}
    </>
  );
}

function BacklogHeader({ leaderId }: { leaderId: string }) {
  const { t } = useI18n();
  const principal = usePrincipal();
  const leader = useApi(
    () => (leaderId ? api.get<Leader>(`/api/v1/leaders/${leaderId}`) : Promise.resolve(null)),
    [leaderId],
  );
  return (
    <PageHeader
      title={
        leader.data
          ? t('backlog.titleFor', { name: revealBidi(leader.data.name) })
          : t('backlog.title')
      }
      subtitle={
        leader.data ? revealBidi(`${leader.data.title} · ${leader.data.unit}`) : t('backlog.note')
      }
      actions={
        leader.data && mayUse(principal.role, '/leaders/:id') ? (
          <Link to={`/leaders/${leaderId}`}>{t('nav.leaders')} →</Link>
        ) : undefined
      }
    />
  );
}

function CaseTable({ leaderId }: { leaderId: string }) {
  const { t, tx, locale } = useI18n();
  const [filters, setFilters] = useState<Filters>({
    status: '',
    overdue: '',
    kind: '',
    category: '',
  });
  const [page, setPage] = useState(1);
  const cases = useApi(
    () =>
      api.get<Page<CaseItem>>(`/api/v1/leaders/${leaderId}/cases`, {
        ...filters,
        page,
        pageSize: PAGE_SIZE,
      }),
    [leaderId, filters, page],
  );
  const set = (name: keyof Filters) => (value: string) => {
    setFilters((previous) => ({ ...previous, [name]: value }));
    setPage(1);
  };
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
        <Field label={t('backlog.overdue')}>
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
      </form>
      <LoadState loaded={cases}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="empty">{t('backlog.empty')}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table" aria-label={t('backlog.title')}>
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
                        className={item.overdue || item.resolveOverdue ? 'row-overdue' : undefined}
                        onDoubleClick={() => navigate(`/cases/${item.id}`)}
                      >
                        <td className="message-cell">
                          <Link to={`/cases/${item.id}`}>
                            <UserText text={item.message.text} />
                          </Link>
                        </td>
                        <td>
                          <UserText text={item.message.authorName} />
                        </td>
                        <td>
                          <KindBadge kind={item.kind} />{' '}
                          <span className="muted">{tx('category', item.category)}</span>
                        </td>
                        <td>
                          <StatusBadge status={item.status} />
                        </td>
                        <td className="nowrap">{beijingTime(item.openedAt, locale)}</td>
                        <td className="nowrap">
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
                        <td className="nowrap">
                          <TimeLeft item={item} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
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
