import type { AppealStatus, Leader, Page } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice } from '../../ui/errors';
import { Badge } from '../../ui/parts';
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

/**
 * A refusal of an appeal, a decision or a publication: said as a sentence
 * (a passed deadline in Beijing time), the service's words beside it.
 */
export function Refusal({ error }: { error: unknown }) {
  return <ErrorNotice error={error} />;
}
