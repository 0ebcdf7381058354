import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice } from './errors';
import type { Loaded } from './use-api';

export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

export function Card({
  title,
  children,
  actions,
  id,
}: {
  title?: string;
  children: ReactNode;
  actions?: ReactNode;
  id?: string;
}) {
  return (
    <section className="card" aria-labelledby={title && id ? `${id}-title` : undefined}>
      {title ? (
        <div className="card-head">
          <h2 id={id ? `${id}-title` : undefined}>{title}</h2>
          {actions}
        </div>
      ) : null}
      <div className="card-body">{children}</div>
    </section>
  );
}

export type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

export function Badge({
  tone = 'neutral',
  title,
  children,
}: {
  tone?: Tone;
  title?: string;
  children: ReactNode;
}) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

export function Notice({
  tone,
  children,
}: {
  tone: 'error' | 'success' | 'info';
  children: ReactNode;
}) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/**
 * Loading, error (said in the interface language, with a retry only where
 * one may help) or the content: never a blank area. `idle` is what to say
 * when nothing was asked for yet (a leader still to be chosen).
 */
export function LoadState<T>({
  loaded,
  idle,
  children,
}: {
  loaded: Loaded<T>;
  idle?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  if (loaded.error) {
    if (loaded.error instanceof ApiError && loaded.error.status === 403) {
      return <Notice tone="info">{t('common.forbidden')}</Notice>;
    }
    return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  }
  if (loaded.data === null) {
    return loaded.loading || idle === undefined ? (
      <p className="muted">{t('common.loading')}</p>
    ) : (
      <>{idle}</>
    );
  }
  return <>{children(loaded.data)}</>;
}

/** Whether a load was refused because the signed-in role may not see it. */
export function isForbidden(loaded: Loaded<unknown>): boolean {
  return loaded.error instanceof ApiError && loaded.error.status === 403;
}

export function Field({
  label,
  children,
  hint,
  invalid = false,
}: {
  label: string;
  children: ReactNode;
  hint?: string;
  /** The service named this field in its last refusal. */
  invalid?: boolean;
}) {
  return (
    <label className={invalid ? 'field field-invalid' : 'field'}>
      <span className="field-label">{label}</span>
      {children}
      {hint ? <span className="field-hint">{hint}</span> : null}
    </label>
  );
}

export function Pager({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pager" aria-label="pagination">
      <span>{t('pager.summary', { total, page, pages })}</span>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('pager.prev')}
      </button>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('pager.next')}
      </button>
    </nav>
  );
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

export function Stat({
  label,
  value,
  detail,
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
}) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {detail ? <div className="stat-detail">{detail}</div> : null}
    </div>
  );
}
