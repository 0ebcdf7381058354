/**
 * SLA deadline arithmetic.
 *
 * THE RULE (copied into README):
 * 1. All business time is Beijing time (UTC+8). A working day is a whole
 *    Beijing calendar day, 00:00 to 24:00, that the working calendar marks as
 *    working (Monday–Friday, minus the State Council's holidays, plus its 调休
 *    make-up Saturdays and Sundays).
 * 2. A working-day clock runs only during working days. A deadline of N
 *    working days is the first instant at which N × 24 hours of working-day
 *    time have passed since the case opened (the citizen's Weibo time).
 * 3. So a case opened on a working day at clock time T after 00:00 is due
 *    at T on the Nth working day after that day (a complaint at 17:30 on
 *    Tuesday 2025-09-30, the last day before the eight-day National Day
 *    holiday, must be acknowledged by 17:30 on Thursday 2025-10-09). A case
 *    opened on a day off, or at exactly 00:00 of a working day, starts its
 *    clock at 00:00 of that (next) working day and is due at the end of the
 *    Nth working day counting that day as the first: 24:00, written as 00:00
 *    of the following calendar day.
 * 4. An hours deadline (help about safety: 2 hours) runs on the wall clock,
 *    nights, weekends and holidays included: an emergency does not wait for
 *    Monday.
 * 5. The deadline is inclusive: a response at the deadline instant, to the
 *    millisecond, is on time; one millisecond later is late.
 */
import {
  BEIJING_OFFSET_MS,
  beijingDayNumber,
  beijingMidnight,
  beijingTimeOfDayMs,
  DAY_MS,
  HOUR_MS,
} from './beijing-time';
import type { WorkingCalendar } from './working-calendar';

export type SlaDuration =
  { unit: 'working_days'; amount: number } | { unit: 'hours'; amount: number };

/** No real policy needs more; it also bounds the day-by-day scan. */
export const MAX_WORKING_DAYS = 366;
export const MAX_HOURS = 24 * 366;
/** A calendar with no working day in this many days is broken, not slow. */
const MAX_SCAN_DAYS = 3 * 366;

function assertInstant(value: Date, name: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(`${name} is not a valid instant`);
  }
}

export function assertSlaDuration(duration: SlaDuration): void {
  const { unit, amount } = duration;
  switch (unit) {
    case 'working_days':
      if (!Number.isInteger(amount) || amount < 1 || amount > MAX_WORKING_DAYS) {
        throw new RangeError(`working_days must be a whole number from 1 to ${MAX_WORKING_DAYS}`);
      }
      return;
    case 'hours':
      if (!Number.isFinite(amount) || amount <= 0 || amount > MAX_HOURS) {
        throw new RangeError(`hours must be a number above 0 and at most ${MAX_HOURS}`);
      }
      return;
  }
}

/** The day number of the `count`th working day after `dayNumber` (count ≥ 1). */
function nthWorkingDayAfter(dayNumber: number, count: number, calendar: WorkingCalendar): number {
  let day = dayNumber;
  let remaining = count;
  let scanned = 0;
  while (remaining > 0) {
    day += 1;
    scanned += 1;
    if (scanned > MAX_SCAN_DAYS + count) {
      throw new RangeError('the working calendar has no working day in sight');
    }
    if (calendar.isWorkingDayNumber(day)) {
      remaining -= 1;
    }
  }
  return day;
}

/** When a clock of `duration` that started at `openedAt` runs out (see the rule above). */
export function computeDeadline(
  openedAt: Date,
  duration: SlaDuration,
  calendar: WorkingCalendar,
): Date {
  assertInstant(openedAt, 'openedAt');
  assertSlaDuration(duration);
  if (duration.unit === 'hours') {
    return new Date(openedAt.getTime() + Math.round(duration.amount * HOUR_MS));
  }
  const openingDay = beijingDayNumber(openedAt);
  const timeOfDay = beijingTimeOfDayMs(openedAt);
  if (calendar.isWorkingDayNumber(openingDay) && timeOfDay > 0) {
    const dueDay = nthWorkingDayAfter(openingDay, duration.amount, calendar);
    return new Date(beijingMidnight(dueDay).getTime() + timeOfDay);
  }
  // The clock starts at 00:00 of a working day (the opening day, or the
  // first working day after a day off): that day is working day 1.
  const dayBeforeStart = calendar.isWorkingDayNumber(openingDay) ? openingDay - 1 : openingDay;
  const dueDay = nthWorkingDayAfter(dayBeforeStart, duration.amount, calendar);
  return beijingMidnight(dueDay + 1);
}

/**
 * Working-day time in [from, to), in milliseconds (negative when to < from).
 * computeDeadline(t, N working days) is the first instant d with
 * workingTimeBetween(t, d) = N × 24 h.
 */
export function workingTimeBetween(from: Date, to: Date, calendar: WorkingCalendar): number {
  assertInstant(from, 'from');
  assertInstant(to, 'to');
  if (to < from) {
    return -workingTimeBetween(to, from, calendar);
  }
  const start = from.getTime();
  const end = to.getTime();
  const firstDay = beijingDayNumber(from);
  const lastDay = beijingDayNumber(to);
  const midnight = (day: number) => day * DAY_MS - BEIJING_OFFSET_MS;
  if (firstDay === lastDay) {
    return calendar.isWorkingDayNumber(firstDay) ? end - start : 0;
  }
  // The first and the last day in part, every day between them whole.
  const first = calendar.isWorkingDayNumber(firstDay) ? midnight(firstDay + 1) - start : 0;
  const last = calendar.isWorkingDayNumber(lastDay) ? end - midnight(lastDay) : 0;
  return first + calendar.workingDaysIn(firstDay + 1, lastDay - 1) * DAY_MS + last;
}

/** Inclusive: answering at the deadline instant is on time. */
export function isOnTime(respondedAt: Date, deadline: Date): boolean {
  return respondedAt.getTime() <= deadline.getTime();
}
