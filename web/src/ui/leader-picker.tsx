import { api } from '../api/client';
import type { Leader, Page } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { Field } from './parts';
import { useApi } from './use-api';
import { revealBidi } from './user-text';

/** The leaders the caller may see (the API scopes the list), one page of up to 200. */
export function useLeaders() {
  return useApi(() => api.get<Page<Leader>>('/api/v1/leaders', { pageSize: 200 }), []);
}

export function LeaderPicker({
  value,
  onChange,
  allowAll = false,
}: {
  value: string;
  onChange: (id: string) => void;
  allowAll?: boolean;
}) {
  const { t } = useI18n();
  const leaders = useLeaders();
  return (
    <Field label={t('common.leader')}>
      <select name="leaderId" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{allowAll ? t('common.all') : t('common.chooseLeader')}</option>
        {(leaders.data?.items ?? []).map((leader) => (
          <option key={leader.id} value={leader.id}>
            {revealBidi(`${leader.name} · ${leader.unit}`)}
          </option>
        ))}
      </select>
    </Field>
  );
}
