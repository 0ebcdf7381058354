import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { en } from './en';
import { type MessageKey, zhCN } from './zh-CN';

export type Locale = 'zh-CN' | 'en';
const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  t: Translate;
  /** A message whose key is built at run time (a status, a kind); the key itself when unknown. */
  tx: (prefix: string, value: string) => string;
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18n | null>(null);

function format(template: string, params?: Record<string, string | number>): string {
  return params
    ? template.replace(/\{(\w+)\}/g, (all, name: string) => String(params[name] ?? all))
    : template;
}

const LOCALE_KEY = 'minsheng.locale';

/** The language chosen last time in this browser; Chinese unless English was chosen. */
function storedLocale(): Locale {
  try {
    return window.localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    // Storage can be off (a locked-down browser): the default language still works.
    return 'zh-CN';
  }
}

/** The language is a preference, not a secret: kept in this browser's storage, never in a URL. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(LOCALE_KEY, next);
    } catch {
      // Not remembered, but switched for this page.
    }
  }, []);
  const t = useCallback<Translate>(
    // A key the catalogue lacks (a flag type newer than this page) reads as itself.
    (key, params) => format(CATALOGUES[locale][key] ?? key, params),
    [locale],
  );
  const tx = useCallback(
    (prefix: string, value: string) => {
      const key = `${prefix}.${value}` as MessageKey;
      return CATALOGUES[locale][key] ?? value;
    },
    [locale],
  );
  const value = useMemo(() => {
    document.documentElement.lang = locale;
    return { locale, t, tx, setLocale };
  }, [locale, t, tx, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) {
    throw new Error('useI18n outside I18nProvider');
  }
  return context;
}
