import { useState } from 'react';
import { api, downloadUrl } from '../../api/client';
import type { Publication, SnapshotDetail } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router';
import { usePrincipal } from '../../session';
import { ActorName } from '../../ui/actor';
import { ConfirmButton } from '../../ui/confirm';
import { Badge, Card, LoadState, Notice, PageHeader } from '../../ui/parts';
import { useLeaders } from '../../ui/leader-picker';
import { TableWrap } from '../../ui/table-wrap';
import { beijingTime } from '../../ui/time';
import { useApi } from '../../ui/use-api';
import { useWindowText } from '../../ui/window-text';
import { AppealForm } from './appeal-form';
import { leaderNamer, Refusal } from './appeal-parts';
import { AppealsCard } from './appeals-card';
import { UserText } from '../../ui/user-text';

/**
 * /snapshots/:id: one version of an appraisal with its correction chain read
 * from either end, publication (admin, once), and its appeals. A leader may
 * not read snapshots (the API refuses it): it sees the appeal form and its
 * own appeals against this id.
 */
export function SnapshotScreen({ snapshotId }: { snapshotId: string }) {
  const { t } = useI18n();
  const principal = usePrincipal();
  const leaders = useLeaders();
  const [filed, setFiled] = useState(0);
  const onFiled = () => setFiled((n) => n + 1);
  if (principal.role === 'leader') {
    const own = principal.leaderIds.map((id) => ({ id, name: leaderNamer(leaders)(id) }));
    return (
      <>
        <PageHeader title={t('snapshots.detail')} subtitle={<code>{snapshotId}</code>} />
        <AppealForm snapshotId={snapshotId} window={null} leaders={own} onFiled={onFiled} />
        <AppealsCard snapshotId={snapshotId} refresh={filed} />
      </>
    );
  }
  return <SnapshotDetailView snapshotId={snapshotId} filed={filed} onFiled={onFiled} />;
}

function SnapshotDetailView({
  snapshotId,
  filed,
  onFiled,
}: {
  snapshotId: string;
  filed: number;
  onFiled: () => void;
}) {
  const { t } = useI18n();
  const principal = usePrincipal();
  const snapshot = useApi(
    () => api.get<SnapshotDetail>(`/api/v1/snapshots/${snapshotId}`),
    [snapshotId],
  );
  return (
    <>
      <PageHeader title={t('snapshots.detail')} subtitle={<code>{snapshotId}</code>} />
      <LoadState loaded={snapshot}>
        {(data) => (
          <>
            <SnapshotFacts snapshot={data} onPublished={snapshot.reload} />
            <CorrectionsCard snapshot={data} />
            {principal.role === 'admin' && data.supersededBy === null ? (
              <AppealForm
                snapshotId={data.id}
                window={data.window}
                leaders={data.items.map((item) => ({ id: item.leaderId, name: item.name }))}
                onFiled={onFiled}
              />
            ) : null}
          </>
        )}
      </LoadState>
      <AppealsCard snapshotId={snapshotId} refresh={filed} />
    </>
  );
}

function SnapshotFacts({
  snapshot,
  onPublished,
}: {
  snapshot: SnapshotDetail;
  onPublished: () => void;
}) {
  const { t, locale } = useI18n();
  const windowText = useWindowText();
  const principal = usePrincipal();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const publish = () => {
    setBusy(true);
    setError(null);
    api
      .post<Publication>(`/api/v1/snapshots/${snapshot.id}/publish`)
      .then(onPublished, setError)
      .finally(() => setBusy(false));
  };
  return (
    <Card title={snapshot.name ?? t('snapshots.detail')} id="snapshot">
      {snapshot.supersededBy ? (
        <Notice tone="info">
          {t('snapshots.supersededNotice')}{' '}
          <Link to={`/snapshots/${snapshot.supersededBy}`}>
            {t('snapshots.openCorrection', { id: snapshot.supersededBy.slice(0, 8) })}
          </Link>
        </Notice>
      ) : null}
      {error ? <Refusal error={error} /> : null}
      <dl className="facts">
        <dt>{t('snapshots.window')}</dt>
        <dd>{windowText(snapshot.window)}</dd>
        <dt>{t('snapshots.asOf')}</dt>
        <dd>{beijingTime(snapshot.window.asOf, locale)}</dd>
        <dt>{t('snapshots.createdAt')}</dt>
        <dd>
          {beijingTime(snapshot.createdAt, locale)} · <ActorName actor={snapshot.createdBy} />
        </dd>
        <dt>{t('snapshots.hash')}</dt>
        <dd>
          <code data-testid="snapshot-hash">{snapshot.hash}</code>{' '}
          <Badge tone={snapshot.verified ? 'good' : 'bad'}>
            {snapshot.verified ? t('snapshots.verifiedOk') : t('snapshots.verifiedBroken')}
          </Badge>
        </dd>
        <dt>{t('snapshots.supersedes')}</dt>
        <dd>
          {snapshot.supersedes ? (
            <Link to={`/snapshots/${snapshot.supersedes}`} data-testid="supersedes">
              <code>{snapshot.supersedes}</code>
            </Link>
          ) : (
            t('snapshots.firstVersion')
          )}
        </dd>
        <dt>{t('snapshots.supersededBy')}</dt>
        <dd>
          {snapshot.supersededBy ? (
            <Link to={`/snapshots/${snapshot.supersededBy}`} data-testid="superseded-by">
              <code>{snapshot.supersededBy}</code>
            </Link>
          ) : (
            '—'
          )}
        </dd>
        <dt>{t('snapshots.state')}</dt>
        <dd>
          {snapshot.publishedAt ? (
            <>
              <Badge tone="good">
                {t('snapshots.publishedAt', { at: beijingTime(snapshot.publishedAt, locale) })}
              </Badge>{' '}
              <a href={`/public/reports/${snapshot.id}`} target="_blank" rel="noreferrer">
                {t('snapshots.publicLink')}
              </a>
            </>
          ) : (
            <>
              <Badge>{t('snapshots.unpublished')}</Badge>{' '}
              {principal.role === 'admin' && snapshot.supersededBy === null ? (
                <ConfirmButton
                  tone="primary"
                  label={t('snapshots.publish')}
                  question={t('snapshots.publishQuestion')}
                  confirmLabel={t('snapshots.confirmPublish')}
                  busy={busy}
                  onConfirm={publish}
                />
              ) : null}
            </>
          )}
        </dd>
        <dt>CSV</dt>
        <dd>
          <a
            href={downloadUrl(`/api/v1/snapshots/${snapshot.id}`, { format: 'csv' })}
            download={`snapshot-${snapshot.id}.csv`}
          >
            {t('snapshots.download')}
          </a>
        </dd>
      </dl>
      <h3>{t('snapshots.chain')}</h3>
      <ol aria-label={t('snapshots.chain')}>
        {snapshot.chain.map((version, index) => (
          <li key={version.id}>
            {version.id === snapshot.id ? (
              <strong>
                <code>{version.id.slice(0, 8)}</code> ({t('snapshots.current')})
              </strong>
            ) : (
              <Link to={`/snapshots/${version.id}`}>
                <code>{version.id.slice(0, 8)}</code>
              </Link>
            )}{' '}
            {index === snapshot.chain.length - 1 ? (
              <Badge tone="good">{t('snapshots.latest')}</Badge>
            ) : (
              <Badge>{t('snapshots.supersededVersion')}</Badge>
            )}{' '}
            · {beijingTime(version.createdAt, locale)} · <code>{version.hash.slice(0, 16)}</code>
            {version.appealId ? (
              <>
                {' '}
                · <Link to={`/appeals/${version.appealId}`}>{t('appeal.title')}</Link>
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}

function CorrectionsCard({ snapshot }: { snapshot: SnapshotDetail }) {
  const { t, tx, locale } = useI18n();
  const leaders = useLeaders();
  const nameOf = leaderNamer(leaders);
  return (
    <Card title={t('snapshots.corrections')} id="corrections">
      {snapshot.corrections.length === 0 ? (
        <p className="empty">{t('snapshots.noCorrections')}</p>
      ) : (
        <TableWrap>
          <table className="table" aria-label={t('snapshots.corrections')}>
            <thead>
              <tr>
                <th scope="col">{t('appeal.title')}</th>
                <th scope="col">{t('appeal.decisionReason')}</th>
                <th scope="col">{t('appeal.decidedAt')}</th>
                <th scope="col">{t('appeal.corrections')}</th>
              </tr>
            </thead>
            <tbody>
              {snapshot.corrections.map((correction) => (
                <tr key={correction.appealId}>
                  <td>
                    <Link to={`/appeals/${correction.appealId}`}>
                      <code>{correction.appealId.slice(0, 8)}</code>
                    </Link>
                  </td>
                  <td>
                    <UserText text={correction.reason} />
                  </td>
                  <td className="nowrap">{beijingTime(correction.decidedAt, locale)}</td>
                  <td>
                    <ul>
                      {correction.changes.map((change) => (
                        <li key={change.caseId}>
                          <Link to={`/cases/${change.caseId}`}>
                            <code>{change.caseId.slice(0, 8)}</code>
                          </Link>{' '}
                          {tx('correction', change.action)}: {nameOf(change.fromLeaderId)}
                          {change.toLeaderId ? ` → ${nameOf(change.toLeaderId)}` : ''}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Card>
  );
}
