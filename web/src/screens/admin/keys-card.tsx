import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import type { ApiKeySummary, CreateApiKey, Page, Role } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { usePrincipal } from '../../session';
import { useKeyName } from '../../ui/actor';
import { ConfirmButton } from '../../ui/confirm';
import { ErrorNotice, namesField } from '../../ui/errors';
import { Badge, Card, Field, LoadState, Notice } from '../../ui/parts';
import { useLeaders } from '../../ui/leader-picker';
import { TableWrap } from '../../ui/table-wrap';
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
  const principal = usePrincipal();
  const keyName = useKeyName();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const [leaderIds, setLeaderIds] = useState<string[]>([]);
  /** The key just minted, shown this once; gone when it is revoked. */
  const [issued, setIssued] = useState<{ id: string; key: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const scoped = role === 'leader' || role === 'staff';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy('mint');
    const body: CreateApiKey = { name, role, ...(scoped ? { leaderIds } : {}) };
    api
      .post<{ id: string; key: string }>('/api/v1/api-keys', body)
      .then((created) => {
        setIssued({ id: created.id, key: created.key });
        setName('');
        keys.reload();
      })
      .catch(setError)
      .finally(() => setBusy(null));
  };
  const revoke = (id: string) => {
    setError(null);
    setBusy(id);
    api
      .delete(`/api/v1/api-keys/${id}`)
      .then(() => {
        setIssued((shown) => (shown?.id === id ? null : shown));
        keys.reload();
      })
      .catch(setError)
      .finally(() => setBusy(null));
  };
  const leaderName = (id: string) =>
    revealBidi(leaders.data?.items.find((l) => l.id === id)?.name ?? id.slice(0, 8));
  return (
    <Card title={t('admin.keys')} id="keys">
      {issued ? (
        <Notice tone="success">
          {t('admin.keyShownOnce')}{' '}
          <code className="secret" data-testid="issued-key">
            {issued.key}
          </code>
        </Notice>
      ) : null}
      {error ? (
        <ErrorNotice
          error={error}
          labels={{ name: t('admin.keyName'), leaderIds: t('admin.keyLeaders') }}
        />
      ) : null}
      <form className="filters form-inline" onSubmit={submit} aria-label={t('admin.mint')}>
        <Field label={t('admin.keyName')} invalid={namesField(error, 'name')}>
          <input
            name="keyName"
            required
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
          />
        </Field>
        <Field label={t('admin.keyRole')}>
          <select
            name="role"
            value={role}
            onChange={(e) => {
              setRole(e.target.value as Role);
              setError(null);
            }}
          >
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {tx('role', value)}
              </option>
            ))}
          </select>
        </Field>
        {scoped ? (
          <Field label={t('admin.keyLeaders')} invalid={namesField(error, 'leaderIds')}>
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
          disabled={busy === 'mint' || name.trim() === '' || (scoped && leaderIds.length === 0)}
          aria-busy={busy === 'mint' || undefined}
        >
          {busy === 'mint' ? t('common.working') : t('admin.mint')}
        </button>
      </form>
      <LoadState loaded={keys}>
        {(list) => (
          <TableWrap>
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
                    <th scope="row" className="name-cell">
                      {keyName(key.name) === key.name ? (
                        <UserText text={key.name} />
                      ) : (
                        keyName(key.name)
                      )}
                      {key.id === principal.keyId ? (
                        <div className="small muted">{t('admin.ownKey')}</div>
                      ) : null}
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
                      ) : key.id === principal.keyId ? (
                        // Revoking the key in use would lock this administrator out mid-session.
                        <span className="small muted">{t('admin.ownKeyNoRevoke')}</span>
                      ) : (
                        <ConfirmButton
                          label={t('admin.revoke')}
                          accessibleName={`${t('admin.revoke')} ${revealBidi(key.name)}`}
                          question={t('admin.revokeQuestion', { name: revealBidi(key.name) })}
                          confirmLabel={t('admin.confirmRevoke')}
                          busy={busy === key.id}
                          onConfirm={() => revoke(key.id)}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </LoadState>
    </Card>
  );
}
