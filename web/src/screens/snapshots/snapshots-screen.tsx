import { type FormEvent, useState } from 'react';
import { api, downloadUrl } from '../../api/client';
import type { CreateSnapshot, Page, SnapshotDetail, SnapshotSummary } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link, navigate } from '../../router';
import { usePrincipal } from '../../session';
import { ErrorNotice, namesField } from '../../ui/errors';
import { Badge, Card, Field, LoadState, Notice, PageHeader, Pager } from '../../ui/parts';
import { TableWrap } from '../../ui/table-wrap';
import { beijingDay, beijingMidnight, beijingTime, nextDay } from '../../ui/time';
import { useApi } from '../../ui/use-api';
import { useWindowText } from '../../ui/window-text';
import { AppealsCard } from './appeals-card';
import { UserText } from '../../ui/user-text';

const DAY = 86_400_000;

export function SnapshotsScreen() {
  const { t } = useI18n();
  const principal = usePrincipal();
  if (principal.role === 'leader') {
    return (
      <>
        <PageHeader title={t('snapshots.title')} subtitle={t('snapshots.leaderIntro')} />
        <OpenSnapshotForm />
        <AppealsCard />
      </>
    );
  }
  return <SnapshotList />;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A leader may not list snapshots: it opens the one the appraisal office named, to appeal against it. */
function OpenSnapshotForm() {
  const { t } = useI18n();
  const [id, setId] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`/snapshots/${id.trim()}`);
  };
  return (
    <Card title={t('snapshots.goToSnapshot')} id="open-snapshot">
      <form className="filters" onSubmit={submit} aria-label={t('snapshots.goToSnapshot')}>
        <Field label={t('snapshots.snapshotId')}>
          <input
            name="snapshotId"
            required
            size={40}
            value={id}
            onChange={(e) => setId(e.target.value)}
          />
        </Field>
        <button type="submit" className="primary" disabled={!UUID.test(id.trim())}>
          {t('appeal.file')}
        </button>
      </form>
    </Card>
  );
}

function SnapshotList() {
  const { t } = useI18n();
  const principal = usePrincipal();
  const [page, setPage] = useState(1);
  const snapshots = useApi(
    () => api.get<Page<SnapshotSummary>>('/api/v1/snapshots', { page, pageSize: 20 }),
    [page],
  );
  return (
    <>
      <PageHeader title={t('snapshots.title')} />
      {principal.role === 'admin' || principal.role === 'evaluator' ? (
        <CreateSnapshotForm onCreated={snapshots.reload} />
      ) : null}
      <Card>
        <LoadState loaded={snapshots}>
          {(data) => <SnapshotTable data={data} onPage={setPage} />}
        </LoadState>
      </Card>
      <AppealsCard />
    </>
  );
}

function SnapshotTable({
  data,
  onPage,
}: {
  data: Page<SnapshotSummary>;
  onPage: (page: number) => void;
}) {
  const { t, locale } = useI18n();
  const windowText = useWindowText();
  if (data.items.length === 0) {
    return <p className="empty">{t('common.empty')}</p>;
  }
  return (
    <>
      <TableWrap>
        <table className="table" aria-label={t('snapshots.title')}>
          <thead>
            <tr>
              <th scope="col">{t('snapshots.nameColumn')}</th>
              <th scope="col">{t('snapshots.window')}</th>
              <th scope="col">{t('snapshots.createdAt')}</th>
              <th scope="col">{t('snapshots.hash')}</th>
              <th scope="col">{t('snapshots.state')}</th>
              <th scope="col">{t('snapshots.chain')}</th>
              <th scope="col">CSV</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((snapshot) => (
              <tr key={snapshot.id}>
                <td className="name-cell">
                  <Link to={`/snapshots/${snapshot.id}`}>
                    {snapshot.name ? (
                      <UserText text={snapshot.name} />
                    ) : (
                      <code>{snapshot.id.slice(0, 8)}</code>
                    )}
                  </Link>
                </td>
                <td className="nowrap">{windowText(snapshot.window)}</td>
                <td className="nowrap">{beijingTime(snapshot.createdAt, locale)}</td>
                <td>
                  <code title={snapshot.hash}>{snapshot.hash.slice(0, 16)}</code>
                </td>
                <td>
                  {snapshot.publishedAt ? (
                    <a href={`/public/reports/${snapshot.id}`} target="_blank" rel="noreferrer">
                      <Badge tone="good">{t('snapshots.published')}</Badge>
                    </a>
                  ) : (
                    <Badge>{t('snapshots.unpublished')}</Badge>
                  )}
                </td>
                <td className="small">
                  {snapshot.supersedes ? (
                    <div>
                      {t('snapshots.supersedes')}{' '}
                      <Link to={`/snapshots/${snapshot.supersedes}`}>
                        <code>{snapshot.supersedes.slice(0, 8)}</code>
                      </Link>
                    </div>
                  ) : null}
                  {snapshot.supersededBy ? (
                    <div>
                      {t('snapshots.supersededBy')}{' '}
                      <Link to={`/snapshots/${snapshot.supersededBy}`}>
                        <code>{snapshot.supersededBy.slice(0, 8)}</code>
                      </Link>
                    </div>
                  ) : null}
                  {snapshot.supersedes || snapshot.supersededBy ? null : '—'}
                </td>
                <td>
                  <a
                    href={downloadUrl(`/api/v1/snapshots/${snapshot.id}`, { format: 'csv' })}
                    download={`snapshot-${snapshot.id}.csv`}
                  >
                    {t('snapshots.download')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={onPage} />
    </>
  );
}

function CreateSnapshotForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  // The inputs name the first and the last day included; the window ends at the next midnight.
  const [from, setFrom] = useState(beijingDay(new Date(Date.now() - 29 * DAY)));
  const [to, setTo] = useState(beijingDay(new Date()));
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const edited =
    (setter: (value: string) => void) =>
    (value: string): void => {
      setter(value);
      setError(null);
      setCreated(null);
    };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    const body: CreateSnapshot = {
      from: beijingMidnight(from),
      to: beijingMidnight(nextDay(to)),
      ...(name ? { name } : {}),
    };
    api
      .post<SnapshotDetail>('/api/v1/snapshots', body)
      .then((snapshot) => {
        setCreated(t('snapshots.created', { hash: snapshot.hash.slice(0, 16) }));
        setName('');
        onCreated();
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <Card title={t('snapshots.create')} id="create-snapshot">
      {created ? <Notice tone="success">{created}</Notice> : null}
      {error ? (
        <ErrorNotice
          error={error}
          labels={{
            name: t('snapshots.name'),
            from: t('ranking.from'),
            to: t('ranking.toInclusive'),
          }}
        />
      ) : null}
      <form className="filters" onSubmit={submit} aria-label={t('snapshots.create')}>
        <Field label={t('ranking.from')} invalid={namesField(error, 'from')}>
          <input
            type="date"
            name="from"
            required
            value={from}
            onChange={(e) => edited(setFrom)(e.target.value)}
          />
        </Field>
        <Field label={t('ranking.toInclusive')} invalid={namesField(error, 'to')}>
          <input
            type="date"
            name="to"
            required
            value={to}
            onChange={(e) => edited(setTo)(e.target.value)}
          />
        </Field>
        <Field label={t('snapshots.name')} invalid={namesField(error, 'name')}>
          <input name="name" value={name} onChange={(e) => edited(setName)(e.target.value)} />
        </Field>
        <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
          {busy ? t('common.working') : t('snapshots.create')}
        </button>
      </form>
    </Card>
  );
}
