import { useState } from 'react';
import { api } from '../../api/client';
import type { Feed, Leader, Page, PollResult } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice, useExplain } from '../../ui/errors';
import { Badge, Card, LoadState, Notice, Pager, percent, type Tone } from '../../ui/parts';
import { TableWrap } from '../../ui/table-wrap';
import { beijingTime, instantsInBeijing } from '../../ui/time';
import { useApi } from '../../ui/use-api';
import { UserText } from '../../ui/user-text';

const FEED_TONE: Record<string, Tone> = {
  ok: 'good',
  backoff: 'warn',
  failing: 'bad',
  pending: 'neutral',
};

export function FeedsCard() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const leaders = useApi(
    () => api.get<Page<Leader>>('/api/v1/leaders', { page, pageSize: 20, active: true }),
    [page],
  );
  return (
    <Card title={t('admin.feeds')} id="feeds">
      <LoadState loaded={leaders}>
        {(data) => (
          <>
            <TableWrap>
              <table className="table" aria-label={t('admin.feeds')}>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.name')}</th>
                    <th scope="col">{t('admin.feedStatus')}</th>
                    <th scope="col">{t('admin.lastSuccess')}</th>
                    <th scope="col">{t('admin.lastError')}</th>
                    <th scope="col">{t('admin.backoff')}</th>
                    <th scope="col">{t('admin.failures')}</th>
                    <th scope="col">{t('admin.coverage')}</th>
                    <th scope="col" />
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((leader) => (
                    <FeedRow key={leader.id} leader={leader} />
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
          </>
        )}
      </LoadState>
    </Card>
  );
}

function FeedRow({ leader }: { leader: Leader }) {
  const { t, tx, locale } = useI18n();
  const feed = useApi(() => api.get<Feed>(`/api/v1/leaders/${leader.id}/feed`), [leader.id]);
  const explain = useExplain();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ counts: PollResult } | { error: unknown } | null>(null);
  const poll = () => {
    setBusy(true);
    setResult(null);
    api
      .post<PollResult>(`/api/v1/leaders/${leader.id}/poll`)
      .then((counts) => setResult({ counts }))
      .catch((error: unknown) => setResult({ error }))
      .finally(() => {
        setBusy(false);
        feed.reload();
      });
  };
  const f = feed.data;
  return (
    <tr>
      <th scope="row" className="name-cell">
        <UserText text={leader.name} />
      </th>
      <td>
        {f ? (
          <Badge tone={FEED_TONE[f.status] ?? 'neutral'}>{tx('feed', f.status)}</Badge>
        ) : feed.error ? (
          <span className="small">{explain(feed.error).summary}</span>
        ) : (
          '…'
        )}
      </td>
      <td className="nowrap">{beijingTime(f?.lastSuccessAt, locale)}</td>
      <td className={f?.lastError ? 'error-cell' : 'muted'}>
        {f?.lastError ? instantsInBeijing(f.lastError, locale) : '—'}
      </td>
      <td className="nowrap">{beijingTime(f?.backoffUntil, locale)}</td>
      <td className="num">{f?.consecutiveFailures ?? '—'}</td>
      <td className="num">
        {f ? (
          <>
            {percent(f.coverage.value)}
            <div className="ratio">
              {f.coverage.numerator}/{f.coverage.denominator}
            </div>
          </>
        ) : (
          '—'
        )}
      </td>
      <td className="nowrap">
        <button
          type="button"
          onClick={poll}
          disabled={busy}
          aria-busy={busy || undefined}
          aria-label={`${t('admin.pollNow')} ${leader.name}`}
        >
          {busy ? t('admin.polling') : t('admin.pollNow')}
        </button>
        {result && 'counts' in result ? (
          <Notice tone="success">{t('admin.polled', { ...result.counts })}</Notice>
        ) : null}
        {result && 'error' in result ? <ErrorNotice error={result.error} /> : null}
      </td>
    </tr>
  );
}
