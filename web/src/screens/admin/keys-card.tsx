import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import type { ApiKeySummary, CreateApiKey, Page, Role } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Badge, Card, Field, LoadState, Notice } from '../../ui/parts';
import { useLeaders } from '../../ui/leader-picker';
import { beijingTime } from '../../ui/time';
import { useApi } from '../../ui/use-api';
import { revealBidi, UserText } from '../../ui/user-text';

const ROLES: Role[] = ['admin', 'leader', 'staff', 'auditor', 'evaluator'];

export function KeysCard() {
  const { t, tx, locale } = useI18n();
  const keys = useApi(
    () =>
      api
        .get<Page<ApiKeySummary>>('/api/v1/api-keys', { pageSize: 200 })
        .then((page) => page.items),
    [],
  );
  const leaders = useLeaders();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const [leaderIds, setLeaderIds] = useState<string[]>([]);
  const [issued, setIssued] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scoped = role === 'leader' || role === 'staff';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const body: CreateApiKey = { name, role, ...(scoped ? { leaderIds } : {}) };
    api
      .post<{ key: string }>('/api/v1/api-keys', body)
      .then((created) => {
        setIssued(created.key);
        setName('');
        keys.reload();
      })
      .catch((failure: unknown) =>
        setError(failure instanceof Error ? failure.message : String(failure)),
      );
  };
  const revoke = (id: string) => {
    void api
      .delete(`/api/v1/api-keys/${id}`)
      .then(keys.reload, (failure: unknown) =>
        setError(failure instanceof Error ? failure.message : String(failure)),
      );
  };
  const leaderName = (id: string) =>
    revealBidi(leaders.data?.items.find((l) => l.id === id)?.name ?? id.slice(0, 8));
  return (
    <Card title={t('admin.keys')} id="keys">
      {issued ? (
        <Notice tone="success">
          {t('admin.keyShownOnce')}{' '}
          <code className="secret" data-testid="issued-key">
            {issued}
          </code>
        </Notice>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <form className="filters form-inline" onSubmit={submit} aria-label={t('admin.mint')}>
        <Field label={t('admin.keyName')}>
          <input name="keyName" required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('admin.keyRole')}>
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {tx('role', value)}
              </option>
            ))}
          </select>
        </Field>
        {scoped ? (
          <Field label={t('admin.keyLeaders')}>
            <select
              name="leaderIds"
              multiple
              size={3}
              value={leaderIds}
              onChange={(e) =>
                setLeaderIds(Array.from(e.target.selectedOptions, (option) => option.value))
              }
            >
              {(leaders.data?.items ?? []).map((leader) => (
                <option key={leader.id} value={leader.id}>
                  {revealBidi(leader.name)}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <button
          type="submit"
          className="primary"
          disabled={name.trim() === '' || (scoped && leaderIds.length === 0)}
        >
          {t('admin.mint')}
        </button>
      </form>
      <LoadState loaded={keys}>
        {(list) => (
          <div className="table-wrap">
            <table className="table" aria-label={t('admin.keys')}>
              <thead>
                <tr>
                  <th scope="col">{t('admin.keyName')}</th>
                  <th scope="col">{t('admin.keyRole')}</th>
                  <th scope="col">{t('admin.keyLeaders')}</th>
                  <th scope="col">{t('admin.keyPrefix')}</th>
                  <th scope="col">{t('snapshots.createdAt')}</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {list.map((key) => (
                  <tr key={key.id} className={key.revokedAt ? 'row-muted' : undefined}>
                    <th scope="row">
                      <UserText text={key.name} />
                    </th>
                    <td>
                      <Badge tone="info">{tx('role', key.role)}</Badge>
                    </td>
                    <td>{key.leaderIds.map(leaderName).join('、') || '—'}</td>
                    <td>
                      <code>{key.keyPrefix}…</code>
                    </td>
                    <td className="nowrap">{beijingTime(key.createdAt, locale)}</td>
                    <td>
                      {key.revokedAt ? (
                        <Badge>{t('admin.revoked')}</Badge>
                      ) : (
                        <button
                          type="button"
                          className="danger"
                          onClick={() => revoke(key.id)}
                          aria-label={`${t('admin.revoke')} ${key.name}`}
                        >
                          {t('admin.revoke')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LoadState>
    </Card>
  );
}
