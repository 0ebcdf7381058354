import { ApiError } from '../../api/client';
import type { AppealStatus, Leader, Page } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Badge, Notice } from '../../ui/parts';
import { beijingTime } from '../../ui/time';
import type { Loaded } from '../../ui/use-api';
import { revealBidi } from '../../ui/user-text';

export function AppealStatusBadge({ status }: { status: AppealStatus }) {
  const { tx } = useI18n();
  const tone = status === 'accepted' ? 'good' : status === 'rejected' ? 'bad' : 'warn';
  return <Badge tone={tone}>{tx('appealStatus', status)}</Badge>;
}

/** A leader's name when the caller may see it, else the start of its id. */
export function leaderNamer(leaders: Loaded<Page<Leader>>): (id: string) => string {
  return (id) => revealBidi(leaders.data?.items.find((l) => l.id === id)?.name ?? id.slice(0, 8));
}

/** What the service said when it refused, in its own words; a passed deadline also in Beijing time. */
export function Refusal({ error }: { error: unknown }) {
  const { t, locale } = useI18n();
  if (!(error instanceof Error)) {
    return <Notice tone="error">{String(error)}</Notice>;
  }
  const deadline =
    error instanceof ApiError &&
    error.code === 'APPEAL_DEADLINE_PASSED' &&
    typeof error.details.deadline === 'string'
      ? error.details.deadline
      : null;
  return (
    <Notice tone="error">
      {deadline
        ? `${t('appeal.deadlinePassed', { deadline: beijingTime(deadline, locale) })} `
        : ''}
      {error instanceof ApiError ? `${error.status} · ` : ''}
      {error.message}
    </Notice>
  );
}
