import { type ReactNode, useState } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * A button for something that cannot be undone: the first click asks, in
 * the page, what will happen; only the second ("确定…") does it. Cancel, or
 * nothing, leaves everything as it was.
 */
export function ConfirmButton({
  label,
  accessibleName,
  question,
  confirmLabel,
  onConfirm,
  busy = false,
  tone = 'danger',
}: {
  label: string;
  /** The button's name for assistive technology and tests ("停用 周明"). */
  accessibleName?: string;
  /** What will happen, said before it happens. */
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  busy?: boolean;
  tone?: 'danger' | 'primary';
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        className={tone}
        disabled={busy}
        aria-label={accessibleName}
        onClick={() => setAsking(true)}
      >
        {busy ? t('common.working') : label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={accessibleName ?? label}>
      <span className="confirm-question">{question}</span>{' '}
      <button
        type="button"
        className={tone}
        // The question replaced the button the person just pressed: keep their place.
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
