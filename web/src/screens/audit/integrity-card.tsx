import { Fragment, useState } from 'react';
import { api } from '../../api/client';
import type { IntegrityEvidence, IntegrityReport } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router';
import { ActorName } from '../../ui/actor';
import { LeaderPicker } from '../../ui/leader-picker';
import { Badge, Card, LoadState } from '../../ui/parts';
import { TableWrap } from '../../ui/table-wrap';
import { beijingTime, isInstant } from '../../ui/time';
import { useApi } from '../../ui/use-api';
import { UserText } from '../../ui/user-text';
import { useWindowText } from '../../ui/window-text';

/**
 * SPEC 9's integrity flags for one leader: each flag with its count over its
 * denominator, the cases, and its evidence as labelled values (times in
 * Beijing time, actors by role and name).
 */
export function IntegrityCard() {
  const { t } = useI18n();
  const windowText = useWindowText();
  const [leaderId, setLeaderId] = useState('');
  const report = useApi(
    () =>
      leaderId
        ? api.get<IntegrityReport>(`/api/v1/integrity/leaders/${leaderId}`)
        : Promise.resolve(null),
    [leaderId],
  );
  return (
    <Card title={t('audit.integrity')} id="integrity">
      <div className="toolbar">
        <LeaderPicker value={leaderId} onChange={setLeaderId} />
      </div>
      {leaderId === '' ? (
        <p className="muted">{t('backlog.pickLeader')}</p>
      ) : (
        <LoadState loaded={report}>
          {(result) => {
            if (result === null) {
              return null;
            }
            const raised = result.flags.filter((flag) => flag.count > 0);
            return (
              <>
                <p className="muted small">
                  {t('audit.integrityWindow', { range: windowText(result.window) })}
                </p>
                {raised.length === 0 ? <p className="empty">{t('audit.integrityNone')}</p> : null}
                <TableWrap>
                  <table className="table stacked" aria-label={t('audit.integrityTable')}>
                    <thead>
                      <tr>
                        <th scope="col">{t('audit.flagType')}</th>
                        <th scope="col">{t('audit.flagCount')}</th>
                        <th scope="col">{t('audit.case')}</th>
                        <th scope="col">{t('audit.flagEvidence')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {result.flags.map((flag) => (
                        <tr key={flag.type}>
                          <td data-label={t('audit.flagType')}>
                            <Badge tone={flag.count > 0 ? 'warn' : 'good'}>
                              {t(`integrity.${flag.type}`)}
                            </Badge>
                          </td>
                          <td className="nowrap" data-label={t('audit.flagCount')}>
                            {flag.count} / {flag.denominator}
                          </td>
                          <td className="case-ids-cell" data-label={t('audit.case')}>
                            {flag.caseIds.slice(0, 10).map((caseId) => (
                              <Fragment key={caseId}>
                                <Link to={`/cases/${caseId}`} className="nowrap">
                                  {caseId.slice(0, 8)}
                                </Link>{' '}
                              </Fragment>
                            ))}
                            {flag.caseIds.length > 10 ? ` … (${flag.caseIds.length})` : null}
                          </td>
                          <td className="evidence-cell" data-label={t('audit.flagEvidence')}>
                            {flag.evidence.slice(0, 3).map((item, index) => (
                              <Evidence key={index} item={item} />
                            ))}
                            {flag.evidence.length > 3 ? (
                              <p className="small muted">
                                {t('audit.moreEvidence', { n: flag.evidence.length - 3 })}
                              </p>
                            ) : null}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              </>
            );
          }}
        </LoadState>
      )}
    </Card>
  );
}

/** One piece of evidence as labelled values: when (Beijing time), who, and what was found. */
function Evidence({ item }: { item: IntegrityEvidence }) {
  const { t, tx, locale } = useI18n();
  const actors = item.actors.length > 0 ? item.actors : item.actor ? [item.actor] : [];
  const when =
    item.from === item.to
      ? beijingTime(item.from, locale)
      : `${beijingTime(item.from, locale)} – ${beijingTime(item.to, locale)}`;
  const value = (key: string, raw: string | number) => {
    if (isInstant(raw)) {
      return beijingTime(String(raw), locale);
    }
    if (key === 'outcome' && typeof raw === 'string') {
      return tx('followUp', raw);
    }
    if (key === 'text' && typeof raw === 'string') {
      return (
        <q>
          <UserText text={raw.length > 80 ? `${raw.slice(0, 80)}…` : raw} />
        </q>
      );
    }
    return <UserText text={String(raw)} />;
  };
  return (
    <dl className="evidence-list small">
      <div className="evidence-pair">
        <dt>{t('evidence.when')}</dt>
        <dd>{when}</dd>
      </div>
      {actors.length > 0 ? (
        <div className="evidence-pair">
          <dt>{t('evidence.actor')}</dt>
          <dd>
            {actors.map((actor, index) => (
              <span key={actor}>
                {index > 0 ? t('common.listSeparator') : ''}
                <ActorName actor={actor} />
              </span>
            ))}
          </dd>
        </div>
      ) : null}
      {Object.entries(item.detail).map(([key, raw]) =>
        raw === null ? null : (
          <div key={key} className="evidence-pair">
            <dt>{tx('evidence', key)}</dt>
            <dd>{value(key, raw)}</dd>
          </div>
        ),
      )}
    </dl>
  );
}
