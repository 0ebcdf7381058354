import { HOME } from '../access';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { Card } from './parts';

/**
 * A page this role may not use, or data it may not see: one heading, one
 * sentence and the way home, instead of a refusal in every box of the page.
 */
export function NoAccessCard({ kind = 'page' }: { kind?: 'page' | 'data' }) {
  const { t, tx } = useI18n();
  const { principal } = useSession();
  if (!principal) {
    return null;
  }
  const role = tx('role', principal.role);
  return (
    <Card title={t(kind === 'page' ? 'noAccess.title' : 'noAccess.dataTitle')} id="no-access">
      <p role="alert">{t(kind === 'page' ? 'noAccess.body' : 'noAccess.dataBody', { role })}</p>
      <Link to={HOME[principal.role]}>{t('noAccess.home')}</Link>
    </Card>
  );
}
