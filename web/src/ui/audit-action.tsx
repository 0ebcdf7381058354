import { useI18n } from '../i18n/i18n';

/** An audit event's action in words, its code kept beside it for auditors who search by code. */
export function AuditAction({ action }: { action: string }) {
  const { tx } = useI18n();
  const label = tx('auditAction', action);
  if (label === action) {
    return <code>{action}</code>;
  }
  return (
    <span title={action}>
      {label} <code className="action-code">{action}</code>
    </span>
  );
}
