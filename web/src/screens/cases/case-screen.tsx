import { FOLLOW_UP_ROLES, SURVEY_ROLES } from '../../access';
import { api } from '../../api/client';
import type { CaseDetail, Leader } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router';
import { usePrincipal } from '../../session';
import { KindBadge, StatusBadge } from '../../ui/case-badges';
import { ActorName } from '../../ui/actor';
import { NoAccessCard } from '../../ui/no-access';
import { Badge, Card, isForbidden, LoadState, Notice, PageHeader } from '../../ui/parts';
import { TableWrap } from '../../ui/table-wrap';
import { beijingTime } from '../../ui/time';
import { TimeLeft } from '../../ui/time-left';
import { useApi } from '../../ui/use-api';
import { AuditTimeline } from './audit-timeline';
import { ClocksCard } from './clocks-card';
import { FollowUpForm, SurveyForm } from './case-forms';
import { UserText } from '../../ui/user-text';

export function CaseScreen({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const detail = useApi(() => api.get<CaseDetail>(`/api/v1/cases/${caseId}`), [caseId]);
  if (isForbidden(detail)) {
    return <NoAccessCard kind="data" />;
  }
  return (
    <>
      <PageHeader title={t('case.title')} subtitle={<code>{caseId}</code>} />
      <LoadState loaded={detail}>
        {(item) => <CaseBody key={item.id} item={item} reload={detail.reload} />}
      </LoadState>
    </>
  );
}

function CaseBody({ item, reload }: { item: CaseDetail; reload: () => void }) {
  const { t, tx, locale } = useI18n();
  const principal = usePrincipal();
  const mayFollowUp = FOLLOW_UP_ROLES.includes(principal.role);
  const maySurvey = SURVEY_ROLES.includes(principal.role);
  const evidence = item.firstResponseEvidence;
  // The link would name the citizen: evaluators never get it, and without a post there is none.
  const weiboLink =
    principal.role !== 'evaluator' && item.message.weiboId && item.message.postId
      ? `https://m.weibo.cn/detail/${encodeURIComponent(item.message.postId)}`
      : null;
  const hasContribution =
    item.classification?.matches.some((match) => match.contribution !== undefined) ?? false;
  return (
    <div className="grid-2">
      <div className="stack">
        <Card title={t('case.message')} id="message">
          <blockquote className="citizen-message">
            <UserText text={item.message.text} />
          </blockquote>
          {item.message.withdrawnAt ? (
            <Notice tone="info">
              {t('case.withdrawn', { at: beijingTime(item.message.withdrawnAt, locale) })}
            </Notice>
          ) : null}
          <dl className="facts">
            <dt>{t('backlog.author')}</dt>
            <dd>
              <UserText text={item.message.authorName} />
              {item.message.authorUid === null ? (
                <span className="muted"> {t('case.authorMasked')}</span>
              ) : null}
            </dd>
            <dt>{t('backlog.opened')}</dt>
            <dd>{beijingTime(item.message.createdAt, locale)}</dd>
            <dt>{t('backlog.timeLeft')}</dt>
            <dd>
              <TimeLeft item={item} />
            </dd>
            <dt>{t('common.leader')}</dt>
            <dd>
              <CaseLeader leaderId={item.leaderId} />
            </dd>
          </dl>
          {weiboLink ? (
            <a className="external" href={weiboLink} target="_blank" rel="noreferrer noopener">
              {t('case.onWeibo')} ↗
            </a>
          ) : null}
        </Card>
        <Card title={t('case.classification')} id="classification">
          <p>
            <KindBadge kind={item.kind} /> <Badge>{tx('category', item.category)}</Badge>{' '}
            <StatusBadge status={item.status} />
          </p>
          {item.classification ? (
            <>
              <h3>{t('case.decidingTerms')}</h3>
              <TableWrap>
                <table className="table compact" aria-label={t('case.decidingTerms')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('case.rule')}</th>
                      <th scope="col">{t('case.terms')}</th>
                      <th scope="col">{t('case.weight')}</th>
                      {hasContribution ? <th scope="col">{t('case.contribution')}</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {item.classification.matches.map((match, index) => (
                      <tr key={`${match.rule}-${index}`}>
                        <td title={match.rule}>{ruleLabel(match.rule, t, tx)}</td>
                        <td>
                          {match.terms.map((term) => (
                            <mark key={term} className="term">
                              {term}
                            </mark>
                          ))}
                        </td>
                        <td>{match.weight}</td>
                        {hasContribution ? <td>{match.contribution ?? '—'}</td> : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <p className="muted">
                {t('case.score')} {item.classification.score} · {t('case.ruleset')}{' '}
                {item.classification.rulesetVersion}
              </p>
            </>
          ) : (
            <p className="muted">{t('case.notClassified')}</p>
          )}
        </Card>
        <ClocksCard item={item} />
        <Card title={t('case.thread')} id="thread">
          {item.thread.length === 0 ? (
            <p className="muted">{t('case.noReplies')}</p>
          ) : (
            <ol className="thread" aria-label={t('case.thread')}>
              {item.thread.map((reply, index) => (
                <li
                  key={reply.weiboId ?? `reply-${index}`}
                  className={reply.byLeader ? 'reply reply-leader' : 'reply'}
                  data-weibo-id={reply.weiboId ?? undefined}
                >
                  <div>
                    {reply.byLeader ? <Badge tone="info">{t('case.leaderReply')}</Badge> : null}
                    {reply.firstResponse ? (
                      <Badge tone="good">{t('case.firstResponse')}</Badge>
                    ) : null}
                    {reply.withdrawnAt ? (
                      <Badge tone="bad">
                        {t('case.withdrawn', { at: beijingTime(reply.withdrawnAt, locale) })}
                      </Badge>
                    ) : null}{' '}
                    <strong>
                      <UserText text={reply.authorName} />
                    </strong>{' '}
                    <span className="muted">{beijingTime(reply.createdAt, locale)}</span>
                  </div>
                  <p>
                    <UserText text={reply.text} />
                  </p>
                </li>
              ))}
            </ol>
          )}
          {evidence && 'weiboReplyId' in evidence && evidence.acknowledgement ? (
            <p className="small muted">{t('case.acknowledgementOnly')}</p>
          ) : null}
        </Card>
      </div>
      <div className="stack">
        <Card title={t('case.followUps')} id="follow-ups">
          {item.followUps.length === 0 ? (
            <p className="muted">{t('case.noFollowUps')}</p>
          ) : (
            <ul className="timeline">
              {item.followUps.map((followUp) => (
                <li key={followUp.id}>
                  <Badge tone="info">{tx('followUp', followUp.type)}</Badge>{' '}
                  <span className="muted">
                    {beijingTime(followUp.recordedAt ?? followUp.createdAt, locale)}
                  </span>
                  <p>
                    <UserText text={followUp.text} />
                  </p>
                  {followUp.evidenceUrl ? (
                    <a href={followUp.evidenceUrl} target="_blank" rel="noreferrer noopener">
                      {followUp.evidenceUrl}
                    </a>
                  ) : null}
                  {followUp.actor ? (
                    <p className="muted small">
                      <ActorName actor={followUp.actor} />
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {mayFollowUp ? <FollowUpForm caseId={item.id} onSaved={reload} /> : null}
          {principal.role === 'admin' ? (
            <p className="muted">{t('case.followUpsByLeaderStaff')}</p>
          ) : null}
        </Card>
        <Card title={t('case.satisfaction')} id="satisfaction">
          {item.surveys.length === 0 ? (
            <p className="muted">{t('case.noSurvey')}</p>
          ) : (
            <ul className="timeline">
              {item.surveys.map((survey, index) => (
                <li key={survey.id ?? index}>
                  <Badge tone="good">{tx('surveyLevel', survey.level)}</Badge>{' '}
                  {tx('channel', survey.channel)}{' '}
                  <span className="muted">
                    {beijingTime(survey.recordedAt ?? survey.createdAt, locale)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {maySurvey ? <SurveyForm caseId={item.id} onSaved={reload} /> : null}
        </Card>
        <Card title={t('case.audit')} id="audit">
          <AuditTimeline events={item.auditEvents} />
        </Card>
      </div>
    </div>
  );
}

/** A rule by what it decides ("投诉"); its code stays in the cell's title for whoever edits rules. */
function ruleLabel(
  rule: string,
  t: ReturnType<typeof useI18n>['t'],
  tx: (prefix: string, value: string) => string,
): string {
  const [axis, value] = rule.split(':');
  if ((axis === 'kind' || axis === 'category') && value) {
    return tx(axis, value);
  }
  if (axis === 'learned' && value) {
    return t('rule.learned', { category: tx('category', value) });
  }
  if (axis === 'spam' && value) {
    return t('rule.spam', { signal: tx('spamSignal', value) });
  }
  return tx('rule', rule);
}

/** The case's leader by name, linked to its cases; its id when the name cannot be read. */
function CaseLeader({ leaderId }: { leaderId: string }) {
  const leader = useApi(() => api.get<Leader>(`/api/v1/leaders/${leaderId}`), [leaderId]);
  const label = leader.data ? <UserText text={leader.data.name} /> : <code>{leaderId}</code>;
  return <Link to={`/leaders/${leaderId}/cases`}>{label}</Link>;
}
