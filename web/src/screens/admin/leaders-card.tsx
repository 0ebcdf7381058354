import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { CreateLeader, Leader, Page } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router';
import { ConfirmButton } from '../../ui/confirm';
import { ErrorNotice, namesField } from '../../ui/errors';
import { Badge, Card, Field, LoadState, Notice, Pager } from '../../ui/parts';
import { TableWrap } from '../../ui/table-wrap';
import { useApi } from '../../ui/use-api';
import { revealBidi, UserText } from '../../ui/user-text';

const EMPTY: CreateLeader = { name: '', title: '', unit: '', regionCode: '', weiboUid: '' };

export function LeadersCard() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const leaders = useApi(
    () => api.get<Page<Leader>>('/api/v1/leaders', { page, pageSize: 20 }),
    [page],
  );
  const [editing, setEditing] = useState<Leader | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [rowError, setRowError] = useState<unknown>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const clearNotices = () => {
    setSaved(null);
    setRowError(null);
  };
  /** Deactivate or reactivate a row: its outcome said above the table. */
  const rowAction = (leader: Leader, work: () => Promise<unknown>, done: string) => {
    clearNotices();
    setBusyId(leader.id);
    work()
      .then(() => {
        setSaved(done);
        leaders.reload();
      })
      .catch(setRowError)
      .finally(() => setBusyId(null));
  };
  const save = async (body: CreateLeader): Promise<void> => {
    clearNotices();
    if (editing) {
      await api.patch(`/api/v1/leaders/${editing.id}`, body);
    } else {
      await api.post('/api/v1/leaders', body);
    }
    setSaved(t('admin.leaderSaved', { name: revealBidi(body.name) }));
    setEditing(null);
    leaders.reload();
  };
  return (
    <Card title={t('admin.leaders')} id="leaders">
      {saved ? <Notice tone="success">{saved}</Notice> : null}
      {rowError ? <ErrorNotice error={rowError} /> : null}
      <LoadState loaded={leaders}>
        {(data) => (
          <>
            <TableWrap>
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
                    <tr key={leader.id} className={leader.active ? undefined : 'row-muted'}>
                      <th scope="row" className="name-cell">
                        <Link to={`/leaders/${leader.id}`}>
                          <UserText text={leader.name} />
                        </Link>
                      </th>
                      <td className="label-cell">
                        <UserText text={leader.title} />
                      </td>
                      <td className="label-cell">
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
                          onClick={() => {
                            clearNotices();
                            setEditing(leader);
                          }}
                          aria-label={`${t('admin.edit')} ${revealBidi(leader.name)}`}
                        >
                          {t('admin.edit')}
                        </button>{' '}
                        {leader.active ? (
                          <ConfirmButton
                            label={t('admin.deactivate')}
                            accessibleName={`${t('admin.deactivate')} ${revealBidi(leader.name)}`}
                            question={t('admin.deactivateQuestion', {
                              name: revealBidi(leader.name),
                            })}
                            confirmLabel={t('admin.confirmDeactivate')}
                            busy={busyId === leader.id}
                            onConfirm={() =>
                              rowAction(
                                leader,
                                () => api.delete(`/api/v1/leaders/${leader.id}`),
                                t('admin.deactivated', { name: revealBidi(leader.name) }),
                              )
                            }
                          />
                        ) : (
                          <button
                            type="button"
                            disabled={busyId === leader.id}
                            aria-label={`${t('admin.reactivate')} ${revealBidi(leader.name)}`}
                            onClick={() =>
                              rowAction(
                                leader,
                                () => api.patch(`/api/v1/leaders/${leader.id}`, { active: true }),
                                t('admin.reactivated', { name: revealBidi(leader.name) }),
                              )
                            }
                          >
                            {busyId === leader.id ? t('common.working') : t('admin.reactivate')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
          </>
        )}
      </LoadState>
      <LeaderForm
        key={editing?.id ?? 'new'}
        initial={editing}
        onCancel={() => setEditing(null)}
        onEdited={() => setSaved(null)}
        onSubmit={save}
      />
    </Card>
  );
}

/**
 * Add or edit a leader. What was typed stays when the service refuses it:
 * the refusal is said next to the form and the field it names is marked;
 * only a saved new leader empties the form.
 */
function LeaderForm({
  initial,
  onSubmit,
  onCancel,
  onEdited,
}: {
  initial: Leader | null;
  onSubmit: (body: CreateLeader) => Promise<void>;
  onCancel: () => void;
  onEdited: () => void;
}) {
  const { t } = useI18n();
  const form = useRef<HTMLFormElement>(null);
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
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // Opened by 编辑 on a row far above: bring it into sight, ready to type.
    if (initial && form.current) {
      form.current.scrollIntoView({ block: 'start' });
      form.current.querySelector('input')?.focus({ preventScroll: true });
    }
  }, [initial]);
  const set = (name: keyof CreateLeader) => (value: string) => {
    setFields((previous) => ({ ...previous, [name]: value }));
    setError(null);
    onEdited();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    onSubmit(fields)
      .then(() => {
        if (!initial) {
          setFields(EMPTY);
        }
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };
  const labels: [keyof CreateLeader, string][] = [
    ['name', t('admin.name')],
    ['title', t('admin.leaderTitle')],
    ['unit', t('admin.unit')],
    ['regionCode', t('admin.region')],
    ['weiboUid', t('admin.weiboUid')],
  ];
  const hints: Partial<Record<keyof CreateLeader, string>> = {
    regionCode: t('admin.regionHint'),
    weiboUid: t('admin.weiboUidHint'),
  };
  return (
    <form
      ref={form}
      className="filters form-inline leader-form"
      onSubmit={submit}
      aria-label={initial ? t('admin.edit') : t('admin.addLeader')}
    >
      <h3 className="full">
        {initial ? t('admin.editing', { name: revealBidi(initial.name) }) : t('admin.addLeader')}
      </h3>
      {error ? (
        <div className="full">
          <ErrorNotice error={error} labels={Object.fromEntries(labels)} />
        </div>
      ) : null}
      {labels.map(([name, label]) => (
        <Field key={name} label={label} hint={hints[name]} invalid={namesField(error, name)}>
          <input
            name={name}
            required
            value={fields[name]}
            aria-invalid={namesField(error, name) || undefined}
            onChange={(e) => set(name)(e.target.value)}
          />
        </Field>
      ))}
      <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
        {busy ? t('common.working') : initial ? t('common.save') : t('admin.addLeader')}
      </button>
      {initial ? (
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      ) : null}
    </form>
  );
}
