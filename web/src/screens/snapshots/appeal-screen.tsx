import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import type { Appeal, Correction, DecideAppeal, Decision, Leader, Page } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router';
import { usePrincipal } from '../../session';
import { ActorName } from '../../ui/actor';
import { Card, Field, LoadState, Notice, PageHeader } from '../../ui/parts';
import { TableWrap } from '../../ui/table-wrap';
import { useLeaders } from '../../ui/leader-picker';
import { beijingTime } from '../../ui/time';
import { type Loaded, useApi } from '../../ui/use-api';
import { AppealStatusBadge, leaderNamer, Refusal } from './appeal-parts';
import { revealBidi, UserText } from '../../ui/user-text';

type CaseChoice = 'none' | Correction['action'];
const CHOICES = ['none', 'exclude', 'reassign'] as const satisfies readonly CaseChoice[];

/** /appeals/:id: one appeal, its decision and what it corrected; an evaluator or admin decides it here. */
export function AppealScreen({ appealId }: { appealId: string }) {
  const { t } = useI18n();
  const principal = usePrincipal();
  const appeal = useApi(() => api.get<Appeal>(`/api/v1/appeals/${appealId}`), [appealId]);
  const leaders = useLeaders();
  const mayDecide = principal.role === 'evaluator' || principal.role === 'admin';
  const [decided, setDecided] = useState(false);
  return (
    <>
      <PageHeader title={t('appeal.title')} subtitle={<code>{appealId}</code>} />
      {decided ? <Notice tone="success">{t('appeal.decided')}</Notice> : null}
      <LoadState loaded={appeal}>
        {(data) => (
          <>
            <AppealFacts appeal={data} leaders={leaders} />
            {mayDecide && data.status === 'pending' ? (
              <DecisionForm
                appeal={data}
                leaders={leaders}
                onDecided={() => {
                  setDecided(true);
                  appeal.reload();
                }}
              />
            ) : null}
          </>
        )}
      </LoadState>
    </>
  );
}

function AppealFacts({ appeal, leaders }: { appeal: Appeal; leaders: Loaded<Page<Leader>> }) {
  const { t, tx, locale } = useI18n();
  const nameOf = leaderNamer(leaders);
  return (
    <Card title={t('appeal.title')} id="appeal">
      <dl className="facts">
        <dt>{t('snapshots.appealStatus')}</dt>
        <dd>
          <AppealStatusBadge status={appeal.status} />
        </dd>
        <dt>{t('appeal.snapshot')}</dt>
        <dd>
          <Link to={`/snapshots/${appeal.snapshotId}`}>
            <code>{appeal.snapshotId}</code>
          </Link>
        </dd>
        <dt>{t('common.leader')}</dt>
        <dd>{nameOf(appeal.leaderId)}</dd>
        <dt>{t('appeal.filedBy')}</dt>
        <dd>
          <ActorName actor={appeal.filedBy} /> · {beijingTime(appeal.filedAt, locale)}
        </dd>
        <dt>{t('appeal.deadline')}</dt>
        <dd>{beijingTime(appeal.deadline, locale)}</dd>
        <dt>{t('appeal.reason')}</dt>
        <dd>
          <UserText text={appeal.reason} />
        </dd>
        <dt>{t('appeal.cases')}</dt>
        <dd>
          <ul aria-label={t('appeal.cases')}>
            {appeal.caseIds.map((id) => (
              <li key={id}>
                <Link to={`/cases/${id}`}>
                  <code>{id}</code>
                </Link>
              </li>
            ))}
          </ul>
        </dd>
        {appeal.decidedAt ? (
          <>
            <dt>{t('appeal.decidedBy')}</dt>
            <dd>
              <ActorName actor={appeal.decidedBy} /> · {beijingTime(appeal.decidedAt, locale)}
            </dd>
            <dt>{t('appeal.decisionReason')}</dt>
            <dd>
              <UserText text={appeal.decisionReason} />
            </dd>
            <dt>{t('appeal.corrections')}</dt>
            <dd>
              {(appeal.corrections ?? []).length === 0 ? (
                t('common.none')
              ) : (
                <ul>
                  {(appeal.corrections ?? []).map((change) => (
                    <li key={change.caseId}>
                      <code>{change.caseId.slice(0, 8)}</code> {tx('correction', change.action)}
                      {change.toLeaderId ? ` → ${nameOf(change.toLeaderId)}` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </>
        ) : null}
        {appeal.correctedSnapshotId ? (
          <>
            <dt>{t('appeal.correctedSnapshot')}</dt>
            <dd>
              <Link
                to={`/snapshots/${appeal.correctedSnapshotId}`}
                data-testid="corrected-snapshot"
              >
                <code>{appeal.correctedSnapshotId}</code>
              </Link>
            </dd>
          </>
        ) : null}
      </dl>
    </Card>
  );
}

/** POST /api/v1/appeals/:id/decision: accepted or rejected, the reason, and per appealed case a correction. */
function DecisionForm({
  appeal,
  leaders,
  onDecided,
}: {
  appeal: Appeal;
  leaders: Loaded<Page<Leader>>;
  onDecided: () => void;
}) {
  const { t, tx } = useI18n();
  const [decision, setDecision] = useState<Decision>('accepted');
  const [reason, setReason] = useState('');
  const [choices, setChoices] = useState<Record<string, CaseChoice>>({});
  const [targets, setTargets] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const others = (leaders.data?.items ?? []).filter((l) => l.active && l.id !== appeal.leaderId);
  const corrections: Correction[] =
    decision === 'rejected'
      ? []
      : appeal.caseIds.flatMap((caseId): Correction[] => {
          const choice = choices[caseId] ?? 'none';
          if (choice === 'exclude') {
            return [{ caseId, action: 'exclude' }];
          }
          if (choice === 'reassign') {
            return [{ caseId, action: 'reassign', toLeaderId: targets[caseId] ?? '' }];
          }
          return [];
        });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    const body: DecideAppeal = { decision, reason, corrections };
    api
      .post<Appeal>(`/api/v1/appeals/${appeal.id}/decision`, body)
      .then(onDecided)
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <Card title={t('appeal.decide')} id="decide">
      {error ? <Refusal error={error} /> : null}
      <form onSubmit={submit} aria-label={t('appeal.decide')} className="stack">
        <fieldset className="field">
          <legend className="field-label">{t('appeal.decision')}</legend>
          {(['accepted', 'rejected'] as const).map((value) => (
            <label key={value}>
              <input
                type="radio"
                name="decision"
                value={value}
                checked={decision === value}
                onChange={() => {
                  setDecision(value);
                  setError(null);
                }}
              />{' '}
              {tx('appealStatus', value)}
            </label>
          ))}
        </fieldset>
        {decision === 'accepted' ? (
          <TableWrap>
            <table className="table" aria-label={t('appeal.corrections')}>
              <thead>
                <tr>
                  <th scope="col">{t('appeal.cases')}</th>
                  <th scope="col">{t('appeal.correction')}</th>
                  <th scope="col">{t('appeal.toLeader')}</th>
                </tr>
              </thead>
              <tbody>
                {appeal.caseIds.map((caseId) => {
                  const choice = choices[caseId] ?? 'none';
                  return (
                    <tr key={caseId}>
                      <td>
                        <Link to={`/cases/${caseId}`}>
                          <code>{caseId}</code>
                        </Link>
                      </td>
                      <td>
                        <select
                          aria-label={t('appeal.correctionFor', { id: caseId })}
                          value={choice}
                          onChange={(e) =>
                            setChoices((all) => ({
                              ...all,
                              [caseId]: e.target.value as CaseChoice,
                            }))
                          }
                        >
                          {CHOICES.map((value) => (
                            <option key={value} value={value}>
                              {tx('correction', value)}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        {choice === 'reassign' ? (
                          <select
                            aria-label={t('appeal.toLeaderFor', { id: caseId })}
                            required
                            value={targets[caseId] ?? ''}
                            onChange={(e) =>
                              setTargets((all) => ({ ...all, [caseId]: e.target.value }))
                            }
                          >
                            <option value="">{t('common.chooseLeader')}</option>
                            {others.map((leader) => (
                              <option key={leader.id} value={leader.id}>
                                {revealBidi(`${leader.name} · ${leader.unit}`)}
                              </option>
                            ))}
                          </select>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        ) : null}
        <Field label={t('appeal.decisionReason')}>
          <textarea
            name="decisionReason"
            required
            maxLength={2000}
            rows={3}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setError(null);
            }}
          />
        </Field>
        <button
          type="submit"
          className="primary"
          disabled={busy || reason.trim() === ''}
          aria-busy={busy || undefined}
        >
          {busy ? t('common.submitting') : t('appeal.submitDecision')}
        </button>
      </form>
    </Card>
  );
}
