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

export function beijingTime(iso: string | null | undefined, locale: string): string {
  return iso ? formatter(locale, false).format(new Date(iso)) : '—';
}

export function beijingDate(iso: string | null | undefined, locale: string): string {
  return iso ? formatter(locale, true).format(new Date(iso)) : '—';
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
