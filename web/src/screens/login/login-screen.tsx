import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { useLocation } from '../../router';
import { useSession } from '../../session';
import { Notice } from '../../ui/parts';

/** SPEC 8: one field, `<input name="apiKey">`, posted in a body (never a URL) and then forgotten. */
export function LoginScreen() {
  const { t, locale, setLocale } = useI18n();
  const { signIn } = useSession();
  const { search } = useLocation();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    signIn(key.trim())
      .then(() => setKey(''))
      .catch((failure: unknown) => {
        if (failure instanceof ApiError && failure.status === 401) {
          setError(t('login.wrongKey'));
        } else if (failure instanceof ApiError && failure.status === 429) {
          const seconds =
            typeof failure.details.retryAfterSeconds === 'number'
              ? failure.details.retryAfterSeconds
              : Number(/(\d+)/.exec(failure.message)?.[1] ?? '60');
          setError(
            seconds >= 120
              ? t('login.throttledMinutes', { minutes: Math.ceil(seconds / 60) })
              : t('login.throttled', { seconds }),
          );
        } else {
          setError(
            t('login.failed', {
              message: failure instanceof Error ? failure.message : String(failure),
            }),
          );
        }
      })
      .finally(() => setBusy(false));
  };

  return (
    <div className="login-page">
      <form className="login-card" onSubmit={submit} method="post" action="#" noValidate>
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true">
            民
          </span>
          <div>
            <h1>{t('login.title')}</h1>
            <p className="muted">{t('app.tagline')}</p>
          </div>
        </div>
        <p>{t('login.intro')}</p>
        {search.get('signedOut') ? <Notice tone="info">{t('login.signedOut')}</Notice> : null}
        {error ? <Notice tone="error">{error}</Notice> : null}
        <label className="field">
          <span className="field-label">{t('login.apiKey')}</span>
          <input
            name="apiKey"
            type="password"
            autoComplete="off"
            spellCheck={false}
            required
            value={key}
            onChange={(event) => setKey(event.target.value)}
            autoFocus
          />
        </label>
        <button type="submit" className="primary" disabled={busy || key.trim() === ''}>
          {t('login.submit')}
        </button>
        <button
          type="button"
          className="ghost small"
          onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
        >
          {t('nav.language')}
        </button>
      </form>
    </div>
  );
}
