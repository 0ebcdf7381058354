import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import type { CreateLeader, Leader, Page } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router';
import { Badge, Card, Field, LoadState, Notice, Pager } from '../../ui/parts';
import { useApi } from '../../ui/use-api';
import { UserText } from '../../ui/user-text';

const EMPTY: CreateLeader = { name: '', title: '', unit: '', regionCode: '', weiboUid: '' };

export function LeadersCard() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const leaders = useApi(
    () => api.get<Page<Leader>>('/api/v1/leaders', { page, pageSize: 20 }),
    [page],
  );
  const [editing, setEditing] = useState<Leader | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const done = (promise: Promise<unknown>) =>
    promise
      .then(() => {
        setMessage({ tone: 'success', text: t('admin.leaderSaved') });
        setEditing(null);
        leaders.reload();
      })
      .catch((error: unknown) =>
        setMessage({ tone: 'error', text: error instanceof Error ? error.message : String(error) }),
      );
  return (
    <Card title={t('admin.leaders')} id="leaders">
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <LoadState loaded={leaders}>
        {(data) => (
          <>
            <div className="table-wrap">
              <table className="table" aria-label={t('admin.leaders')}>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.name')}</th>
                    <th scope="col">{t('admin.leaderTitle')}</th>
                    <th scope="col">{t('admin.unit')}</th>
                    <th scope="col">{t('admin.region')}</th>
                    <th scope="col">{t('admin.weiboUid')}</th>
                    <th scope="col">{t('admin.feedStatus')}</th>
                    <th scope="col" />
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((leader) => (
                    <tr key={leader.id}>
                      <th scope="row">
                        <Link to={`/leaders/${leader.id}`}>
                          <UserText text={leader.name} />
                        </Link>
                      </th>
                      <td>
                        <UserText text={leader.title} />
                      </td>
                      <td>
                        <UserText text={leader.unit} />
                      </td>
                      <td>{leader.regionCode}</td>
                      <td>
                        <code>{leader.weiboUid}</code>
                      </td>
                      <td>
                        {leader.active ? (
                          <Badge tone="good">{t('admin.active')}</Badge>
                        ) : (
                          <Badge>{t('admin.inactive')}</Badge>
                        )}
                      </td>
                      <td className="nowrap">
                        <button
                          type="button"
                          onClick={() => setEditing(leader)}
                          aria-label={`${t('admin.edit')} ${leader.name}`}
                        >
                          {t('admin.edit')}
                        </button>{' '}
                        {leader.active ? (
                          <button
                            type="button"
                            className="danger"
                            aria-label={`${t('admin.deactivate')} ${leader.name}`}
                            onClick={() => void done(api.delete(`/api/v1/leaders/${leader.id}`))}
                          >
                            {t('admin.deactivate')}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
          </>
        )}
      </LoadState>
      <LeaderForm
        key={editing?.id ?? 'new'}
        initial={editing}
        onCancel={() => setEditing(null)}
        onSubmit={(body) =>
          done(
            editing
              ? api.patch(`/api/v1/leaders/${editing.id}`, body)
              : api.post('/api/v1/leaders', body),
          )
        }
      />
    </Card>
  );
}

function LeaderForm({
  initial,
  onSubmit,
  onCancel,
}: {
  initial: Leader | null;
  onSubmit: (body: CreateLeader) => Promise<unknown>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [fields, setFields] = useState<CreateLeader>(
    initial
      ? {
          name: initial.name,
          title: initial.title,
          unit: initial.unit,
          regionCode: initial.regionCode,
          weiboUid: initial.weiboUid,
        }
      : EMPTY,
  );
  const set = (name: keyof CreateLeader) => (value: string) =>
    setFields((previous) => ({ ...previous, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSubmit(fields).then(() => !initial && setFields(EMPTY));
  };
  const labels: [keyof CreateLeader, string][] = [
    ['name', t('admin.name')],
    ['title', t('admin.leaderTitle')],
    ['unit', t('admin.unit')],
    ['regionCode', t('admin.region')],
    ['weiboUid', t('admin.weiboUid')],
  ];
  return (
    <form
      className="filters form-inline"
      onSubmit={submit}
      aria-label={initial ? t('admin.edit') : t('admin.addLeader')}
    >
      <h3 className="full">
        {initial ? `${t('admin.edit')}：${initial.name}` : t('admin.addLeader')}
      </h3>
      {labels.map(([name, label]) => (
        <Field key={name} label={label}>
          <input
            name={name}
            required
            value={fields[name]}
            onChange={(e) => set(name)(e.target.value)}
          />
        </Field>
      ))}
      <button type="submit" className="primary">
        {initial ? t('common.save') : t('admin.addLeader')}
      </button>
      {initial ? (
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      ) : null}
    </form>
  );
}
