/**
 * Weibo dates. The full form carries its own offset; the older relative forms
 * (`刚刚`, `5分钟前`, `昨天 12:00`, `04-24`) are read in Asia/Shanghai (UTC+8,
 * no daylight saving) relative to `now`.
 */

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

const FULL =
  /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;
const AGO = /^(\d+)\s*(秒|分钟|小时|天)前$/;
const DAY_WORD = /^(今天|昨天|前天)\s*(\d{1,2}):(\d{2})$/;
const MONTH_DAY = /^(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/;
const YEAR_MONTH_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const UNIT_MS: Record<string, number> = { 秒: 1000, 分钟: 60_000, 小时: 3_600_000, 天: 86_400_000 };
const DAYS_BACK: Record<string, number> = { 今天: 0, 昨天: 1, 前天: 2 };

/** The Shanghai wall-clock calendar date of an instant. */
function shanghaiDate(now: Date): { year: number; month: number; day: number } {
  const shifted = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth(),
    day: shifted.getUTCDate(),
  };
}

/**
 * The instant of a Shanghai wall-clock time, or null when the fields do not
 * name a real time (Feb 30, 25:00). `day` may under/overflow only when
 * `allowDayOverflow` (used for "yesterday").
 */
function shanghaiInstant(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  allowDayOverflow = false,
): Date | null {
  if (hour > 23 || minute > 59 || second > 59 || month < 0 || month > 11) {
    return null;
  }
  const utc = Date.UTC(year, month, day, hour, minute, second);
  const check = new Date(utc);
  if (!allowDayOverflow && (check.getUTCMonth() !== month || check.getUTCDate() !== day)) {
    return null;
  }
  return new Date(utc - SHANGHAI_OFFSET_MS);
}

/** Parses any date form Weibo sends; null when the string is none of them. */
export function parseWeiboDate(value: string, now: Date): Date | null {
  const s = value.trim();

  const full = FULL.exec(s);
  if (full) {
    const month = MONTHS[full[1]];
    if (month === undefined) {
      return null;
    }
    const sign = full[6] === '-' ? -1 : 1;
    const offsetMs = sign * (Number(full[7]) * 60 + Number(full[8])) * 60_000;
    const day = Number(full[2]);
    const asUtc = Date.UTC(
      Number(full[9]),
      month,
      day,
      Number(full[3]),
      Number(full[4]),
      Number(full[5]),
    );
    const check = new Date(asUtc);
    if (check.getUTCDate() !== day || Number(full[3]) > 23 || Number(full[4]) > 59) {
      return null;
    }
    return new Date(asUtc - offsetMs);
  }

  if (s === '刚刚') {
    return new Date(now.getTime());
  }

  const ago = AGO.exec(s);
  if (ago) {
    return new Date(now.getTime() - Number(ago[1]) * UNIT_MS[ago[2]]);
  }

  const today = shanghaiDate(now);

  const dayWord = DAY_WORD.exec(s);
  if (dayWord) {
    const back = DAYS_BACK[dayWord[1]];
    return shanghaiInstant(
      today.year,
      today.month,
      today.day - back,
      Number(dayWord[2]),
      Number(dayWord[3]),
      0,
      true,
    );
  }

  const monthDay = MONTH_DAY.exec(s);
  if (monthDay) {
    const month = Number(monthDay[1]) - 1;
    const day = Number(monthDay[2]);
    const hour = monthDay[3] === undefined ? 0 : Number(monthDay[3]);
    const minute = monthDay[4] === undefined ? 0 : Number(monthDay[4]);
    const thisYear = shanghaiInstant(today.year, month, day, hour, minute);
    // `MM-DD` means this year; a date still ahead of us can only be last year's.
    if (thisYear !== null && thisYear.getTime() <= now.getTime() + 86_400_000) {
      return thisYear;
    }
    return shanghaiInstant(today.year - 1, month, day, hour, minute);
  }

  const ymd = YEAR_MONTH_DAY.exec(s);
  if (ymd) {
    return shanghaiInstant(
      Number(ymd[1]),
      Number(ymd[2]) - 1,
      Number(ymd[3]),
      ymd[4] === undefined ? 0 : Number(ymd[4]),
      ymd[5] === undefined ? 0 : Number(ymd[5]),
      ymd[6] === undefined ? 0 : Number(ymd[6]),
    );
  }

  return null;
}
