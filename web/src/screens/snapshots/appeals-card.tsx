import { useState } from 'react';
import { api } from '../../api/client';
import type { Appeal, AppealStatus, ListAppealsQuery, Page } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router';
import { usePrincipal } from '../../session';
import { Card, Field, LoadState, Pager } from '../../ui/parts';
import { LeaderPicker, useLeaders } from '../../ui/leader-picker';
import { beijingTime } from '../../ui/time';
import { TableWrap } from '../../ui/table-wrap';
import { useApi } from '../../ui/use-api';
import { AppealStatusBadge, leaderNamer } from './appeal-parts';
import { UserText } from '../../ui/user-text';

const STATUSES = ['pending', 'accepted', 'rejected'] as const satisfies readonly AppealStatus[];
const PAGE_SIZE = 10;

/** GET /api/v1/appeals, a page at a time, by status and leader (a leader sees its own). */
export function AppealsCard({
  snapshotId,
  refresh = 0,
}: {
  snapshotId?: string;
  refresh?: number;
}) {
  const { t, tx, locale } = useI18n();
  const principal = usePrincipal();
  const [status, setStatus] = useState<AppealStatus | ''>('');
  const [leaderId, setLeaderId] = useState('');
  const [page, setPage] = useState(1);
  const leaders = useLeaders();
  const nameOf = leaderNamer(leaders);
  const appeals = useApi(() => {
    const query: ListAppealsQuery = {
      page,
      pageSize: PAGE_SIZE,
      ...(status ? { status } : {}),
      ...(leaderId ? { leaderId } : {}),
      ...(snapshotId ? { snapshotId } : {}),
    };
    return api.get<Page<Appeal>>('/api/v1/appeals', query);
  }, [page, status, leaderId, snapshotId, refresh]);
  return (
    <Card title={t('snapshots.appeals')} id="appeals">
      <form
        className="filters"
        aria-label={t('snapshots.appeals')}
        onSubmit={(e) => e.preventDefault()}
      >
        <Field label={t('appeal.filterStatus')}>
          <select
            name="status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as AppealStatus | '');
              setPage(1);
            }}
          >
            <option value="">{t('common.all')}</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {tx('appealStatus', value)}
              </option>
            ))}
          </select>
        </Field>
        {principal.role === 'leader' ? null : (
          <LeaderPicker
            allowAll
            value={leaderId}
            onChange={(id) => {
              setLeaderId(id);
              setPage(1);
            }}
          />
        )}
      </form>
      <LoadState loaded={appeals}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="empty">{t('snapshots.noAppeals')}</p>
          ) : (
            <>
              <TableWrap>
                <table className="table" aria-label={t('snapshots.appeals')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('appeal.filedAt')}</th>
                      <th scope="col">{t('appeal.snapshot')}</th>
                      <th scope="col">{t('common.leader')}</th>
                      <th scope="col">{t('appeal.cases')}</th>
                      <th scope="col">{t('appeal.reason')}</th>
                      <th scope="col">{t('snapshots.appealStatus')}</th>
                      <th scope="col">{t('appeal.correctedSnapshot')}</th>
                      <th scope="col" />
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((appeal) => (
                      <tr key={appeal.id}>
                        <td className="nowrap">{beijingTime(appeal.filedAt, locale)}</td>
                        <td>
                          <Link to={`/snapshots/${appeal.snapshotId}`}>
                            <code>{appeal.snapshotId.slice(0, 8)}</code>
                          </Link>
                        </td>
                        <td className="name-cell">{nameOf(appeal.leaderId)}</td>
                        <td>{appeal.caseIds.length}</td>
                        <td className="small">
                          <UserText text={appeal.reason} />
                        </td>
                        <td>
                          <AppealStatusBadge status={appeal.status} />
                        </td>
                        <td>
                          {appeal.correctedSnapshotId ? (
                            <Link to={`/snapshots/${appeal.correctedSnapshotId}`}>
                              <code>{appeal.correctedSnapshotId.slice(0, 8)}</code>
                            </Link>
                          ) : (
                            '—'
                          )}
                        </td>
                        <td>
                          <Link to={`/appeals/${appeal.id}`}>{t('appeal.view')}</Link>
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
