/**
 * The PRC working calendar: which Beijing calendar days are working days.
 *
 * A year with data follows the State Council notice for that year: a listed
 * holiday is a day off (whatever weekday it falls on), a listed make-up
 * working day (调休) is a working day although it is a Saturday or Sunday, and
 * every other day is Monday–Friday working, Saturday–Sunday off. A year with
 * no data falls back to plain Monday–Friday; `hasYear` and `yearsWithoutData`
 * let callers say so (a deadline computed on the fallback may be wrong).
 */
import prc2024 from './calendars/prc-2024.json';
import prc2025 from './calendars/prc-2025.json';
import prc2026 from './calendars/prc-2026.json';
import {
  beijingDayNumber,
  dayNumberToLocalDate,
  localDateToDayNumber,
  weekdayOfDayNumber,
  yearOfDayNumber,
} from './beijing-time';
import { CalendarInvalid } from './case-errors';

export type CalendarDay = { date: string; name: string };

export type CalendarYear = {
  year: number;
  /** The notice the dates come from, e.g. 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号). */
  source: string;
  /** Every day off that the notice declares, weekend days inside a holiday block included. */
  holidays: CalendarDay[];
  /** Saturdays and Sundays that the notice makes working days (调休上班). */
  workdays: CalendarDay[];
};

export type DayKind = 'weekday' | 'weekend' | 'holiday' | 'makeup_workday';

export type DayInfo = {
  date: string;
  working: boolean;
  kind: DayKind;
  /** Holiday or make-up day name from the notice, null otherwise. */
  name: string | null;
  /** false when the year has no data and plain Monday–Friday was assumed. */
  fromCalendarData: boolean;
};

const MIN_YEAR = 1949;
const MAX_YEAR = 2200;
const YEAR_KEYS = ['year', 'source', 'holidays', 'workdays'];
const DAY_KEYS = ['date', 'name'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rejectUnknownKeys(value: Record<string, unknown>, allowed: string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new CalendarInvalid(path === '' ? key : `${path}.${key}`, 'unknown field');
    }
  }
}

function validateDays(
  input: unknown,
  field: 'holidays' | 'workdays',
  year: number,
  seen: Map<string, string>,
): CalendarDay[] {
  if (!Array.isArray(input)) {
    throw new CalendarInvalid(field, 'must be an array');
  }
  return input.map((entry: unknown, index) => {
    const path = `${field}[${index}]`;
    if (!isRecord(entry)) {
      throw new CalendarInvalid(path, 'must be an object {date, name}');
    }
    rejectUnknownKeys(entry, DAY_KEYS, path);
    const { date, name } = entry;
    if (typeof date !== 'string') {
      throw new CalendarInvalid(`${path}.date`, 'must be a string YYYY-MM-DD');
    }
    const dayNumber = localDateToDayNumber(date);
    if (dayNumber === null) {
      throw new CalendarInvalid(`${path}.date`, `"${date}" is not a date YYYY-MM-DD`);
    }
    if (yearOfDayNumber(dayNumber) !== year) {
      throw new CalendarInvalid(`${path}.date`, `${date} is not in ${year}`);
    }
    if (typeof name !== 'string' || name.trim() === '') {
      throw new CalendarInvalid(`${path}.name`, 'must be a non-empty string');
    }
    const previous = seen.get(date);
    if (previous !== undefined) {
      throw new CalendarInvalid(`${path}.date`, `${date} is listed twice (also ${previous})`);
    }
    seen.set(date, path);
    const weekday = weekdayOfDayNumber(dayNumber);
    if (field === 'workdays' && weekday !== 0 && weekday !== 6) {
      throw new CalendarInvalid(
        `${path}.date`,
        `${date} is a make-up working day but not a Saturday or Sunday`,
      );
    }
    return { date, name: name.trim() };
  });
}

/** Checks a calendar year from untrusted input; throws CalendarInvalid naming the path. */
export function validateCalendarYear(input: unknown): CalendarYear {
  if (!isRecord(input)) {
    throw new CalendarInvalid('(root)', 'must be an object {year, source, holidays, workdays}');
  }
  rejectUnknownKeys(input, YEAR_KEYS, '');
  const { year, source } = input;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new CalendarInvalid('year', `must be an integer from ${MIN_YEAR} to ${MAX_YEAR}`);
  }
  if (typeof source !== 'string' || source.trim() === '') {
    throw new CalendarInvalid('source', 'must name the notice the dates come from');
  }
  const seen = new Map<string, string>();
  const holidays = validateDays(input.holidays, 'holidays', year, seen);
  const workdays = validateDays(input.workdays, 'workdays', year, seen);
  const byDate = (a: CalendarDay, b: CalendarDay): number => a.date.localeCompare(b.date);
  return {
    year,
    source: source.trim(),
    holidays: [...holidays].sort(byDate),
    workdays: [...workdays].sort(byDate),
  };
}

export class WorkingCalendar {
  private readonly yearsWithData = new Map<number, CalendarYear>();
  /** Day number → the notice's override for that day. */
  private readonly overrides = new Map<number, { working: boolean; name: string }>();
  /**
   * The overrides that change a day's plain Monday–Friday answer, by day
   * number ascending, and before each of them the sum of their changes (+1 a
   * make-up working day, −1 a holiday on a weekday): workingDaysIn counts a
   * range without visiting each day.
   */
  private readonly changedDays: number[] = [];
  private readonly changesBefore: number[] = [0];

  /** Years are validated again here; two entries for one year are refused. */
  constructor(years: readonly CalendarYear[]) {
    for (const raw of years) {
      const year = validateCalendarYear(raw);
      if (this.yearsWithData.has(year.year)) {
        throw new CalendarInvalid('year', `${year.year} is given twice`);
      }
      this.yearsWithData.set(year.year, year);
      for (const day of year.holidays) {
        this.overrides.set(localDateToDayNumber(day.date) as number, {
          working: false,
          name: day.name,
        });
      }
      for (const day of year.workdays) {
        this.overrides.set(localDateToDayNumber(day.date) as number, {
          working: true,
          name: day.name,
        });
      }
    }
    for (const [dayNumber, override] of [...this.overrides].sort(([a], [b]) => a - b)) {
      if (override.working !== isPlainWorkingDay(dayNumber)) {
        this.changedDays.push(dayNumber);
        this.changesBefore.push(
          this.changesBefore[this.changesBefore.length - 1] + (override.working ? 1 : -1),
        );
      }
    }
  }

  /** The calendar of the shipped State Council notices. */
  static shipped(): WorkingCalendar {
    return new WorkingCalendar(loadShippedCalendars());
  }

  hasYear(year: number): boolean {
    return this.yearsWithData.has(year);
  }

  /** Years that have data, ascending. */
  years(): number[] {
    return [...this.yearsWithData.keys()].sort((a, b) => a - b);
  }

  /** The data of one year, or undefined. */
  getYear(year: number): CalendarYear | undefined {
    return this.yearsWithData.get(year);
  }

  /** Beijing years touched by [from, to] that have no data (the Mon–Fri fallback applies). */
  yearsWithoutData(from: Date, to: Date): number[] {
    const first = yearOfDayNumber(beijingDayNumber(from <= to ? from : to));
    const last = yearOfDayNumber(beijingDayNumber(from <= to ? to : from));
    const missing: number[] = [];
    for (let year = first; year <= last; year++) {
      if (!this.hasYear(year)) {
        missing.push(year);
      }
    }
    return missing;
  }

  /** Whether a Beijing calendar date 'YYYY-MM-DD' is a working day. */
  isWorkingDay(localDate: string): boolean {
    return this.isWorkingDayNumber(toDayNumber(localDate));
  }

  /** Same as isWorkingDay, on a Beijing day number (see beijing-time.ts). */
  isWorkingDayNumber(dayNumber: number): boolean {
    const override = this.overrides.get(dayNumber);
    if (override !== undefined) {
      return override.working;
    }
    return isPlainWorkingDay(dayNumber);
  }

  /**
   * How many working days there are from day `first` to day `last`, both
   * included (0 when last < first): the same as asking isWorkingDayNumber of
   * each, in logarithmic time.
   */
  workingDaysIn(first: number, last: number): number {
    if (last < first) {
      return 0;
    }
    const changes = this.changesBefore[this.changedBefore(last + 1)];
    return (
      plainWorkingDaysBefore(last + 1) -
      plainWorkingDaysBefore(first) +
      changes -
      this.changesBefore[this.changedBefore(first)]
    );
  }

  /** How many of changedDays are before `dayNumber`. */
  private changedBefore(dayNumber: number): number {
    let low = 0;
    let high = this.changedDays.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.changedDays[middle] < dayNumber) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** Why a day is or is not a working day: for explanations and the admin view. */
  describeDay(localDate: string): DayInfo {
    const dayNumber = toDayNumber(localDate);
    const override = this.overrides.get(dayNumber);
    const fromCalendarData = this.hasYear(yearOfDayNumber(dayNumber));
    if (override !== undefined) {
      return {
        date: localDate,
        working: override.working,
        kind: override.working ? 'makeup_workday' : 'holiday',
        name: override.name,
        fromCalendarData,
      };
    }
    const weekday = weekdayOfDayNumber(dayNumber);
    const working = weekday !== 0 && weekday !== 6;
    return {
      date: dayNumberToLocalDate(dayNumber),
      working,
      kind: working ? 'weekday' : 'weekend',
      name: null,
      fromCalendarData,
    };
  }
}

/** Monday to Friday, as a year without data has it. */
function isPlainWorkingDay(dayNumber: number): boolean {
  const weekday = weekdayOfDayNumber(dayNumber);
  return weekday !== 0 && weekday !== 6;
}

/**
 * Monday-to-Friday days before `dayNumber`, counted from Monday 1969-12-29
 * (day −3; day 0 was a Thursday): only differences are used.
 */
function plainWorkingDaysBefore(dayNumber: number): number {
  const sinceMonday = dayNumber + 3;
  const weeks = Math.floor(sinceMonday / 7);
  return weeks * 5 + Math.min(sinceMonday - weeks * 7, 5);
}

function toDayNumber(localDate: string): number {
  const dayNumber = localDateToDayNumber(localDate);
  if (dayNumber === null) {
    throw new CalendarInvalid('date', `"${localDate}" is not a date YYYY-MM-DD`);
  }
  return dayNumber;
}

/**
 * Years from `overrides` (e.g. added or corrected by an admin) replace the
 * same years of `base` (e.g. the shipped ones); the result is sorted by year.
 */
export function mergeCalendarYears(
  base: readonly CalendarYear[],
  overrides: readonly CalendarYear[],
): CalendarYear[] {
  const byYear = new Map<number, CalendarYear>();
  for (const year of [...base, ...overrides]) {
    byYear.set(year.year, year);
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

/** The shipped notices (2024–2026), validated. */
export function loadShippedCalendars(): CalendarYear[] {
  return [prc2024, prc2025, prc2026].map((year: unknown) => validateCalendarYear(year));
}

/**
 * The audit change of storing `next` over the year in effect (`previous`:
 * the stored year, else the shipped notice, else none): null when nothing
 * the calendar says would change. Both sides are validated years, so their
 * days are sorted and trimmed alike.
 */
export function calendarYearChange(
  previous: CalendarYear | null,
  next: CalendarYear,
): { before: CalendarYear | null; after: CalendarYear } | null {
  const sameDays = (a: readonly CalendarDay[], b: readonly CalendarDay[]) =>
    a.length === b.length && a.every((day, i) => day.date === b[i].date && day.name === b[i].name);
  const unchanged =
    previous !== null &&
    previous.year === next.year &&
    previous.source === next.source &&
    sameDays(previous.holidays, next.holidays) &&
    sameDays(previous.workdays, next.workdays);
  return unchanged ? null : { before: previous, after: next };
}
