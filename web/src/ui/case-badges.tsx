import type { CaseItem } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { Badge, type Tone } from './parts';

const STATUS_TONE: Record<CaseItem['status'], Tone> = {
  open: 'warn',
  responded: 'info',
  resolved: 'good',
  closed: 'neutral',
};

export function StatusBadge({ status }: { status: CaseItem['status'] }) {
  const { tx } = useI18n();
  return <Badge tone={STATUS_TONE[status]}>{tx('status', status)}</Badge>;
}

export function KindBadge({ kind }: { kind: string }) {
  const { tx } = useI18n();
  return (
    <Badge tone={kind === 'complaint' ? 'bad' : kind === 'help' ? 'warn' : 'neutral'}>
      {tx('kind', kind)}
    </Badge>
  );
}
