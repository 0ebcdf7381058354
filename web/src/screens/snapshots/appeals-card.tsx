import { api } from '../../api/client';
import type { Appeal, SnapshotSummary } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router';
import { usePrincipal } from '../../session';
import { Badge, Card, LoadState, Notice } from '../../ui/parts';
import { beijingTime } from '../../ui/time';
import { useApi } from '../../ui/use-api';
import { itemsOf, optionalGet } from '../optional-api';

/** SPEC 10's appeals, when the service offers them; a clear notice when it does not. */
export function AppealsCard({ snapshots }: { snapshots: SnapshotSummary[] }) {
  const { t, locale } = useI18n();
  const principal = usePrincipal();
  const mayDecide = principal.role === 'admin' || principal.role === 'evaluator';
  const appeals = useApi(() => optionalGet<unknown>('/api/v1/appeals', { pageSize: 50 }), []);
  const decide = (appeal: Appeal, decision: 'accepted' | 'rejected') => {
    const reason = window.prompt(
      decision === 'accepted' ? '采纳理由 / reason' : '驳回理由 / reason',
    );
    if (!reason) {
      return;
    }
    void api
      .post(`/api/v1/appeals/${appeal.id}/decision`, { decision, reason, corrections: [] })
      .then(appeals.reload, appeals.reload);
  };
  const nameOf = (id: string) => snapshots.find((s) => s.id === id)?.name ?? id.slice(0, 8);
  return (
    <Card title={t('snapshots.appeals')} id="appeals">
      <LoadState loaded={appeals}>
        {(result) => {
          if (!result.available) {
            return (
              <Notice tone="info">{t('common.notAvailable', { status: result.status })}</Notice>
            );
          }
          const list = itemsOf<Appeal>(result.data);
          if (list.length === 0) {
            return <p className="empty">{t('snapshots.noAppeals')}</p>;
          }
          return (
            <table className="table" aria-label={t('snapshots.appeals')}>
              <thead>
                <tr>
                  <th scope="col">{t('snapshots.title')}</th>
                  <th scope="col">{t('common.leader')}</th>
                  <th scope="col">{t('snapshots.appealStatus')}</th>
                  <th scope="col">{t('snapshots.createdAt')}</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {list.map((appeal) => (
                  <tr key={appeal.id}>
                    <td>{nameOf(appeal.snapshotId)}</td>
                    <td>
                      <Link to={`/leaders/${appeal.leaderId}`}>{appeal.leaderId.slice(0, 8)}</Link>
                      {appeal.reason ? <div className="small">{appeal.reason}</div> : null}
                    </td>
                    <td>
                      <Badge
                        tone={
                          appeal.status === 'accepted'
                            ? 'good'
                            : appeal.status === 'rejected'
                              ? 'bad'
                              : 'warn'
                        }
                      >
                        {appeal.status}
                      </Badge>
                    </td>
                    <td className="nowrap">
                      {beijingTime(appeal.createdAt ?? appeal.filedAt, locale)}
                    </td>
                    <td>
                      {mayDecide && appeal.status === 'pending' ? (
                        <>
                          <button type="button" onClick={() => decide(appeal, 'accepted')}>
                            ✓
                          </button>{' '}
                          <button type="button" onClick={() => decide(appeal, 'rejected')}>
                            ✗
                          </button>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </LoadState>
    </Card>
  );
}
