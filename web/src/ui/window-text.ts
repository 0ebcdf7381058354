import { useI18n } from '../i18n/i18n';
import { beijingDate, beijingTime, isBeijingMidnight, lastIncludedDate } from './time';

/**
 * A window `[from, to)` as people read it: its end is exclusive, so a window
 * to midnight is said by the last day it includes ("11/09 至 12/08（含）"),
 * and any other end as the instant it stops before.
 */
export function useWindowText(): (window: { from: string; to: string }) => string {
  const { t, locale } = useI18n();
  return (window) => {
    const from = isBeijingMidnight(window.from)
      ? beijingDate(window.from, locale)
      : beijingTime(window.from, locale);
    const to = isBeijingMidnight(window.to)
      ? t('window.throughDay', { day: lastIncludedDate(window.to, locale) })
      : t('window.before', { at: beijingTime(window.to, locale) });
    return t('window.range', { from, to });
  };
}
