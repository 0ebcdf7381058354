/** Every time on the dashboard is shown in Beijing time, whatever the browser's zone. */
const BEIJING = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, dateOnly: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${dateOnly}`;
  let existing = formatters.get(key);
  if (!existing) {
    existing = new Intl.DateTimeFormat(locale, {
      timeZone: BEIJING,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(dateOnly ? {} : { hour: '2-digit', minute: '2-digit', hour12: false }),
    });
    formatters.set(key, existing);
  }
  return existing;
}

/** A time in Beijing; a text that is not a time is shown as it is (Intl would throw on it). */
export function beijingTime(iso: string | null | undefined, locale: string): string {
  if (!iso) {
    return '—';
  }
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : formatter(locale, false).format(at);
}

export function beijingDate(iso: string | null | undefined, locale: string): string {
  if (!iso) {
    return '—';
  }
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : formatter(locale, true).format(at);
}

/**
 * Month and day of an instant in Beijing ("11/10"), built from the date's own
 * parts: a locale's whole date ("11/10/2026" in English, "2026/11/10" in
 * Chinese) cannot be cut to it by position.
 */
export function beijingMonthDay(iso: string, locale: string): string {
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone: BEIJING,
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(iso));
  const part = (type: 'month' | 'day') => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('month')}/${part('day')}`;
}

/**
 * The last Beijing day a window `[from, to)` includes: its end is exclusive,
 * so a window to midnight of 12/09 ends with 12/08.
 */
export function lastIncludedDate(to: string, locale: string): string {
  return beijingDate(new Date(Date.parse(to) - 1).toISOString(), locale);
}

/** The calendar day after `YYYY-MM-DD` (for a date input that names the last day included). */
export function nextDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

/** ISO 8601 instants inside a text (a server's message), for showing them in Beijing time. */
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;

/** A server's text with every ISO instant in it written in Beijing time instead. */
export function instantsInBeijing(text: string, locale: string): string {
  return text.replace(ISO_INSTANT, (iso) =>
    Number.isNaN(Date.parse(iso)) ? iso : beijingTime(iso, locale),
  );
}

/** Whether a value is an ISO 8601 instant (evidence detail that is a time). */
export function isInstant(value: unknown): boolean {
  return typeof value === 'string' && new RegExp(`^${ISO_INSTANT.source}$`).test(value);
}

/** `YYYY-MM-DD` of an instant in Beijing (for date inputs). */
export function beijingDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: BEIJING,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** Midnight of a Beijing calendar day as an ISO instant with its +08:00 offset. */
export function beijingMidnight(day: string): string {
  return `${day}T00:00:00+08:00`;
}

/** Days, hours and minutes of a duration, largest two parts. */
export function durationParts(ms: number): { days: number; hours: number; minutes: number } {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  return {
    days: Math.floor(minutes / 1440),
    hours: Math.floor((minutes % 1440) / 60),
    minutes: minutes % 60,
  };
}

/** Whether an instant is a midnight in Beijing (a window end that names a whole day). */
export function isBeijingMidnight(iso: string): boolean {
  return (Date.parse(iso) + 8 * 3_600_000) % 86_400_000 === 0;
}
