/**
 * Business time is Beijing time (Asia/Shanghai): UTC+8 all year, no daylight
 * saving since 1991. Converting is adding 8 hours, so nothing here depends on
 * the process TZ or on the host's time-zone database.
 *
 * A "day number" is the count of Beijing calendar days since 1970-01-01.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const BEIJING_OFFSET_MS = 8 * HOUR_MS;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The Beijing day number that contains the instant. */
export function beijingDayNumber(instant: Date): number {
  return Math.floor((instant.getTime() + BEIJING_OFFSET_MS) / DAY_MS);
}

/** Milliseconds since Beijing midnight of the instant's day, in [0, DAY_MS). */
export function beijingTimeOfDayMs(instant: Date): number {
  const local = instant.getTime() + BEIJING_OFFSET_MS;
  return local - Math.floor(local / DAY_MS) * DAY_MS;
}

/** The instant of Beijing midnight that starts the given day. */
export function beijingMidnight(dayNumber: number): Date {
  return new Date(dayNumber * DAY_MS - BEIJING_OFFSET_MS);
}

/** 'YYYY-MM-DD' of a day number. */
export function dayNumberToLocalDate(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** The Beijing calendar date of an instant, 'YYYY-MM-DD'. */
export function beijingLocalDate(instant: Date): string {
  return dayNumberToLocalDate(beijingDayNumber(instant));
}

/** Day number of a 'YYYY-MM-DD' date, or null when it is not a real date. */
export function localDateToDayNumber(localDate: string): number | null {
  const match = LOCAL_DATE.exec(localDate);
  if (match === null) {
    return null;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day
  ) {
    return null;
  }
  return ms / DAY_MS;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfDayNumber(dayNumber: number): number {
  // 1970-01-01 was a Thursday.
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function yearOfDayNumber(dayNumber: number): number {
  return new Date(dayNumber * DAY_MS).getUTCFullYear();
}
