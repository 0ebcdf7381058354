import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import type { Appeal, CaseItem, FileAppeal, Page, Window } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router';
import { Card, Field, LoadState, Notice, Pager } from '../../ui/parts';
import { beijingTime } from '../../ui/time';
import { useApi } from '../../ui/use-api';
import { Refusal } from './appeal-parts';
import { TableWrap } from '../../ui/table-wrap';
import { revealBidi, UserText } from '../../ui/user-text';

const PAGE_SIZE = 10;

/** Whether the snapshot counted this case: opened inside [from, to) and by asOf. */
function inWindow(openedAt: string, window: Window): boolean {
  const at = Date.parse(openedAt);
  return (
    at >= Date.parse(window.from) && at < Date.parse(window.to) && at <= Date.parse(window.asOf)
  );
}

function pastedIds(text: string): string[] {
  return text
    .split(/[\s,，、]+/)
    .map((id) => id.trim())
    .filter(Boolean);
}

/**
 * POST /api/v1/snapshots/:id/appeals. The leaders offered are the ones the
 * caller may appeal for (a leader key: its own); the cases are that leader's,
 * a page at a time, those outside the snapshot's window (when known) not
 * selectable; ids may also be pasted. The service's refusal is shown as it says it.
 */
export function AppealForm({
  snapshotId,
  window,
  leaders,
  onFiled,
}: {
  snapshotId: string;
  window: Window | null;
  leaders: { id: string; name: string }[];
  onFiled: () => void;
}) {
  const { t, tx, locale } = useI18n();
  const [leaderId, setLeaderId] = useState(leaders.length === 1 ? leaders[0].id : '');
  const [picked, setPicked] = useState<string[]>([]);
  const [pasted, setPasted] = useState('');
  const [reason, setReason] = useState('');
  const [page, setPage] = useState(1);
  const [filed, setFiled] = useState<Appeal | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  /** Something in the form changed: the last refusal was about what it held before. */
  const edited = () => {
    setError(null);
    setFiled(null);
  };
  const cases = useApi(
    () =>
      leaderId
        ? api.get<Page<CaseItem>>(`/api/v1/leaders/${leaderId}/cases`, {
            page,
            pageSize: PAGE_SIZE,
          })
        : Promise.resolve(null),
    [leaderId, page],
  );
  const caseIds = [...new Set([...picked, ...pastedIds(pasted)])];
  const toggle = (id: string, on: boolean) => {
    setPicked((current) => (on ? [...current, id] : current.filter((c) => c !== id)));
    edited();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setFiled(null);
    setBusy(true);
    const body: FileAppeal = { leaderId, caseIds, reason };
    api
      .post<Appeal>(`/api/v1/snapshots/${snapshotId}/appeals`, body)
      .then((appeal) => {
        setFiled(appeal);
        setPicked([]);
        setPasted('');
        setReason('');
        onFiled();
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <Card title={t('appeal.file')} id="file-appeal">
      {filed ? (
        <Notice tone="success">
          {t('appeal.filed')} <Link to={`/appeals/${filed.id}`}>{t('appeal.view')}</Link>
        </Notice>
      ) : null}
      {error ? <Refusal error={error} /> : null}
      <form onSubmit={submit} aria-label={t('appeal.file')} className="stack">
        <Field label={t('common.leader')}>
          <select
            name="leaderId"
            required
            value={leaderId}
            onChange={(e) => {
              setLeaderId(e.target.value);
              setPicked([]);
              setPage(1);
              edited();
            }}
          >
            {leaders.length === 1 ? null : <option value="">{t('common.chooseLeader')}</option>}
            {leaders.map((leader) => (
              <option key={leader.id} value={leader.id}>
                {revealBidi(leader.name)}
              </option>
            ))}
          </select>
        </Field>
        <fieldset className="field">
          <legend className="field-label">
            {t('appeal.cases')} · {t('appeal.selected', { count: caseIds.length })}
          </legend>
          {window ? null : <p className="small muted">{t('appeal.windowUnknown')}</p>}
          <LoadState loaded={cases} idle={<p className="muted">{t('appeal.pickLeaderFirst')}</p>}>
            {(data) =>
              data === null ? null : data.items.length === 0 ? (
                <p className="empty">{t('appeal.noCases')}</p>
              ) : (
                <>
                  <TableWrap>
                    <table className="table" aria-label={t('appeal.cases')}>
                      <thead>
                        <tr>
                          <th scope="col" />
                          <th scope="col">{t('appeal.opened')}</th>
                          <th scope="col">{t('appeal.message')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {data.items.map((item) => {
                          const counted = window === null || inWindow(item.openedAt, window);
                          return (
                            <tr key={item.id} className={counted ? undefined : 'row-muted'}>
                              <td>
                                <input
                                  type="checkbox"
                                  name="caseIds"
                                  value={item.id}
                                  aria-label={item.id}
                                  disabled={!counted}
                                  checked={picked.includes(item.id)}
                                  onChange={(e) => toggle(item.id, e.target.checked)}
                                />
                              </td>
                              <td className="nowrap">
                                {beijingTime(item.openedAt, locale)}
                                {counted ? null : (
                                  <div className="small">{t('appeal.outsideWindow')}</div>
                                )}
                              </td>
                              <td>
                                <Link to={`/cases/${item.id}`}>
                                  {tx('kind', item.kind)} · {tx('category', item.category)}
                                </Link>
                                <div className="small">
                                  <UserText text={item.message.text.slice(0, 60)} />
                                </div>
                              </td>
                            </tr>
                          );
                        })}
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
        </fieldset>
        <Field label={t('appeal.pasteIds')}>
          <textarea
            name="pastedCaseIds"
            rows={2}
            value={pasted}
            onChange={(e) => {
              setPasted(e.target.value);
              edited();
            }}
          />
        </Field>
        <Field label={t('appeal.reason')}>
          <textarea
            name="reason"
            required
            maxLength={2000}
            rows={3}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              edited();
            }}
          />
        </Field>
        <button
          type="submit"
          className="primary"
          disabled={busy || leaderId === '' || caseIds.length === 0 || reason.trim() === ''}
          aria-busy={busy || undefined}
        >
          {busy ? t('common.submitting') : t('appeal.submit')}
        </button>
      </form>
    </Card>
  );
}
