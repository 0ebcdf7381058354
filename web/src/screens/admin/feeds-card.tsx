import { useState } from 'react';
import { api } from '../../api/client';
import type { Feed, Leader, Page, PollResult } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Badge, Card, LoadState, Notice, Pager, percent, type Tone } from '../../ui/parts';
import { beijingTime } from '../../ui/time';
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
            <div className="table-wrap">
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
            </div>
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
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const poll = () => {
    setBusy(true);
    setResult(null);
    api
      .post<PollResult>(`/api/v1/leaders/${leader.id}/poll`)
      .then((counts) => setResult({ tone: 'success', text: t('admin.polled', { ...counts }) }))
      .catch((error: unknown) =>
        setResult({ tone: 'error', text: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        setBusy(false);
        feed.reload();
      });
  };
  const f = feed.data;
  return (
    <tr>
      <th scope="row">
        <UserText text={leader.name} />
      </th>
      <td>
        {f ? (
          <Badge tone={FEED_TONE[f.status] ?? 'neutral'}>{tx('feed', f.status)}</Badge>
        ) : feed.error ? (
          feed.error.message
        ) : (
          '…'
        )}
      </td>
      <td className="nowrap">{beijingTime(f?.lastSuccessAt, locale)}</td>
      <td className="error-cell">{f?.lastError ?? '—'}</td>
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
          aria-label={`${t('admin.pollNow')} ${leader.name}`}
        >
          {t('admin.pollNow')}
        </button>
        {result ? <Notice tone={result.tone}>{result.text}</Notice> : null}
      </td>
    </tr>
  );
}
