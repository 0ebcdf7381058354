import { useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../ui/parts';
import { FeedsCard } from './feeds-card';
import { KeysCard } from './keys-card';
import { LeadersCard } from './leaders-card';

export function AdminScreen() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('admin.title')} />
      <LeadersCard />
      <FeedsCard />
      <KeysCard />
    </>
  );
}
