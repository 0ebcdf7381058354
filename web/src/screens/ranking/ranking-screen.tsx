import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import type { MetricName, Ranking } from '../../api/types';
import type { MessageKey } from '../../i18n/zh-CN';
import { type Translate, useI18n } from '../../i18n/i18n';
import { Link } from '../../router';
import { namesField } from '../../ui/errors';
import { Card, Field, LoadState, PageHeader, Pager } from '../../ui/parts';
import { TableWrap } from '../../ui/table-wrap';
import { beijingDay, beijingMidnight, nextDay } from '../../ui/time';
import { useWindowText } from '../../ui/window-text';
import { useApi } from '../../ui/use-api';
import { isRatio, metricValue, RANKING_METRICS } from './metric-columns';
import { UserText } from '../../ui/user-text';

const DAY = 86_400_000;
const PAGE_SIZE = 50;

interface Query {
  from: string;
  to: string;
  regionCode: string;
  unit: string;
}

/**
 * The service's ordering rule ("score desc, then onTimeResponseRate desc
 * (null last), then …") as a sentence; the rule's own text when it says
 * something this screen does not know how to say.
 */
export function rankingRuleSentence(rule: string, t: Translate): string | null {
  const parts = rule.split(/,\s*then\s+/);
  const said: string[] = [];
  for (const part of parts) {
    const match = /^(\w+) (asc|desc)( \(nulls? last\))?$/.exec(part.trim());
    if (!match) {
      return null;
    }
    const [, name, direction, nullLast] = match;
    const known = name === 'leaderId' || RANKING_METRICS.includes(name as MetricName);
    if (!known) {
      return null;
    }
    const what = name === 'leaderId' ? t('ranking.leaderIdKey') : t(`metric.${name}` as MessageKey);
    said.push(
      `${t(direction === 'desc' ? 'ranking.desc' : 'ranking.asc', { what })}${
        nullLast ? t('ranking.nullLast') : ''
      }`,
    );
  }
  const [first, ...rest] = said;
  return rest.length === 0
    ? t('ranking.ruleOne', { first })
    : t('ranking.ruleSentence', { first, rest: rest.join(t('ranking.listSeparator')) });
}

export function RankingScreen() {
  const { t } = useI18n();
  const windowText = useWindowText();
  // The date inputs name the first and the last day included; the window's end is the next midnight.
  const today = beijingDay(new Date());
  const [draft, setDraft] = useState<Query>({
    from: beijingDay(new Date(Date.now() - 29 * DAY)),
    to: today,
    regionCode: '',
    unit: '',
  });
  const [query, setQuery] = useState<Query>(draft);
  const [page, setPage] = useState(1);
  const [showDefinitions, setShowDefinitions] = useState(false);
  const ranking = useApi(
    () =>
      api.get<Ranking>('/api/v1/metrics/ranking', {
        from: beijingMidnight(query.from),
        to: beijingMidnight(nextDay(query.to)),
        regionCode: query.regionCode,
        unit: query.unit,
        page,
        pageSize: PAGE_SIZE,
      }),
    [query, page],
  );
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setQuery(draft);
    setPage(1);
  };
  const set = (name: keyof Query) => (value: string) =>
    setDraft((previous) => ({ ...previous, [name]: value }));
  return (
    <>
      <PageHeader
        title={t('ranking.title')}
        actions={
          <button
            type="button"
            onClick={() => setShowDefinitions((shown) => !shown)}
            aria-expanded={showDefinitions}
          >
            {showDefinitions ? t('ranking.hideDefinitions') : t('ranking.definitions')}
          </button>
        }
      />
      <Card>
        <form className="filters" onSubmit={apply} aria-label={t('ranking.window')}>
          <Field label={t('ranking.from')} invalid={namesField(ranking.error, 'from')}>
            <input
              type="date"
              name="from"
              value={draft.from}
              onChange={(e) => set('from')(e.target.value)}
              required
            />
          </Field>
          <Field label={t('ranking.toInclusive')} invalid={namesField(ranking.error, 'to')}>
            <input
              type="date"
              name="to"
              value={draft.to}
              onChange={(e) => set('to')(e.target.value)}
              required
            />
          </Field>
          <Field label={t('ranking.region')} invalid={namesField(ranking.error, 'regionCode')}>
            <input
              name="regionCode"
              value={draft.regionCode}
              onChange={(e) => set('regionCode')(e.target.value)}
              inputMode="numeric"
            />
          </Field>
          <Field label={t('ranking.unit')} invalid={namesField(ranking.error, 'unit')}>
            <input name="unit" value={draft.unit} onChange={(e) => set('unit')(e.target.value)} />
          </Field>
          <button type="submit" className="primary">
            {t('ranking.apply')}
          </button>
        </form>
      </Card>
      {showDefinitions ? (
        <Card title={t('ranking.definitions')} id="definitions">
          <dl className="definitions">
            {RANKING_METRICS.map((name) => (
              <div key={name}>
                <dt>{t(`metric.${name}` as MessageKey)}</dt>
                <dd>{t(`def.${name}` as MessageKey)}</dd>
              </div>
            ))}
          </dl>
        </Card>
      ) : null}
      <LoadState loaded={ranking}>
        {(data) => (
          <Card>
            <p className="muted">
              {t('ranking.windowShown', {
                range: windowText(data.window),
                version: data.definitionVersion,
              })}
            </p>
            {data.items.length === 0 ? <p className="empty">{t('ranking.empty')}</p> : null}
            <TableWrap>
              <table className="table ranking" aria-label={t('ranking.title')}>
                <thead>
                  <tr>
                    <th scope="col">{t('ranking.rank')}</th>
                    <th scope="col">{t('ranking.name')}</th>
                    {RANKING_METRICS.map((name) => (
                      <th scope="col" key={name} title={t(`def.${name}` as MessageKey)}>
                        {t(`metric.${name}` as MessageKey)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((item) => (
                    <tr key={item.leaderId}>
                      <td className="rank">{item.rank}</td>
                      <th scope="row" className="name-cell">
                        <Link to={`/leaders/${item.leaderId}`}>
                          <UserText text={item.name} />
                        </Link>
                        <div className="muted small">
                          <UserText text={item.unit} />
                        </div>
                      </th>
                      {RANKING_METRICS.map((name) => {
                        const ratio = item.metrics[name];
                        return (
                          <td
                            key={name}
                            className="num"
                            title={ratio ? `${ratio.numerator} / ${ratio.denominator}` : undefined}
                          >
                            {metricValue(name, ratio)}
                            {isRatio(name, ratio) ? (
                              <div className="ratio">
                                {ratio.numerator}/{ratio.denominator}
                              </div>
                            ) : null}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
            <p className="muted small" title={data.rankingRule}>
              {rankingRuleSentence(data.rankingRule, t) ??
                t('ranking.rule', { rule: data.rankingRule })}
            </p>
          </Card>
        )}
      </LoadState>
    </>
  );
}
