import fc from 'fast-check';
import { CalendarInvalid } from './case-errors';
import {
  calendarYearChange,
  type CalendarYear,
  loadShippedCalendars,
  mergeCalendarYears,
  validateCalendarYear,
  WorkingCalendar,
} from './working-calendar';

const calendar = WorkingCalendar.shipped();

function expectInvalid(input: unknown, path: string): void {
  let caught: unknown;
  try {
    validateCalendarYear(input);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CalendarInvalid);
  expect((caught as CalendarInvalid).code).toBe('CALENDAR_INVALID');
  expect((caught as CalendarInvalid).path).toBe(path);
  expect((caught as CalendarInvalid).message).toContain(path);
}

const minimal = (): CalendarYear => ({
  year: 2030,
  source: 'test notice',
  holidays: [{ date: '2030-01-01', name: '元旦' }],
  workdays: [],
});

describe('shipped calendars', () => {
  it('loads 2024, 2025 and 2026, each valid', () => {
    const years = loadShippedCalendars();
    expect(years.map((y) => y.year)).toEqual([2024, 2025, 2026]);
    expect(calendar.years()).toEqual([2024, 2025, 2026]);
    for (const y of years) {
      expect(y.source).toContain(`${y.year}年部分节假日安排的通知`);
    }
  });

  // Consistency check of the data: every make-up working day pays for one
  // weekday off, so weekdays off = statutory holidays (11 days until 2024,
  // 13 from 2025: 春节 and 劳动节 got one more) + make-up working days.
  it.each([
    [2024, 11, 8],
    [2025, 13, 5],
    [2026, 13, 6],
  ])('%i: weekdays off = %i statutory days + %i make-up days', (year, statutory, makeUp) => {
    const data = calendar.getYear(year)!;
    const isWeekend = (date: string): boolean =>
      [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
    expect(data.workdays).toHaveLength(makeUp);
    expect(data.workdays.every((d) => isWeekend(d.date))).toBe(true);
    expect(data.holidays.filter((d) => !isWeekend(d.date))).toHaveLength(statutory + makeUp);
  });

  it('marks the whole 2025 Spring Festival block Jan 28 to Feb 4 off, with 调休 Jan 26 and Feb 8', () => {
    for (const date of [
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
      '2025-02-02',
      '2025-02-03',
      '2025-02-04',
    ]) {
      expect([date, calendar.isWorkingDay(date)]).toEqual([date, false]);
    }
    expect(calendar.isWorkingDay('2025-01-27')).toBe(true);
    expect(calendar.isWorkingDay('2025-02-05')).toBe(true);
    expect(calendar.isWorkingDay('2025-01-26')).toBe(true); // Sunday, 调休
    expect(calendar.isWorkingDay('2025-02-08')).toBe(true); // Saturday, 调休
    expect(calendar.isWorkingDay('2025-02-09')).toBe(false); // ordinary Sunday
  });

  it('marks the 2025 National Day and Mid-Autumn block Oct 1 to Oct 8 off (eight days)', () => {
    const days = Array.from({ length: 8 }, (_, i) => `2025-10-0${i + 1}`);
    expect(days.map((d) => calendar.isWorkingDay(d))).toEqual(Array(8).fill(false));
    expect(calendar.describeDay('2025-10-08')).toEqual({
      date: '2025-10-08',
      working: false,
      kind: 'holiday',
      name: '国庆节、中秋节',
      fromCalendarData: true,
    });
    expect(calendar.isWorkingDay('2025-09-30')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
  });

  it('makes the 调休 weekend days around National Day 2025 working, and not ordinary weekends', () => {
    expect(calendar.describeDay('2025-09-28')).toMatchObject({
      working: true,
      kind: 'makeup_workday',
      name: '国庆节调休',
    }); // a Sunday
    expect(calendar.describeDay('2025-10-11')).toMatchObject({
      working: true,
      kind: 'makeup_workday',
    }); // a Saturday
    expect(calendar.describeDay('2025-09-27')).toMatchObject({ working: false, kind: 'weekend' });
    expect(calendar.describeDay('2025-10-12')).toMatchObject({ working: false, kind: 'weekend' });
    expect(calendar.describeDay('2025-09-29')).toMatchObject({ working: true, kind: 'weekday' });
  });

  it.each([
    ['2024-02-09', true], // 除夕 2024 was only "encouraged" off, still a working day
    ['2024-02-10', false],
    ['2024-02-18', true],
    ['2024-04-07', true],
    ['2024-05-11', true],
    ['2024-06-10', false],
    ['2024-09-14', true],
    ['2024-09-17', false],
    ['2024-10-12', true],
    ['2025-01-01', false],
    ['2025-04-27', true],
    ['2025-05-05', false],
    ['2025-06-02', false],
    ['2026-01-02', false],
    ['2026-01-04', true],
    ['2026-02-14', true],
    ['2026-02-23', false],
    ['2026-02-28', true],
    ['2026-05-09', true],
    ['2026-06-19', false],
    ['2026-09-20', true],
    ['2026-09-25', false],
    ['2026-10-07', false],
    ['2026-10-10', true],
  ])('%s working: %s', (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });
});

describe('years without data', () => {
  it('falls back to Monday to Friday and says so', () => {
    expect(calendar.hasYear(2027)).toBe(false);
    expect(calendar.isWorkingDay('2027-10-01')).toBe(true); // a Friday: no notice known
    expect(calendar.isWorkingDay('2027-10-02')).toBe(false);
    expect(calendar.describeDay('2027-10-01')).toMatchObject({
      kind: 'weekday',
      fromCalendarData: false,
    });
    expect(
      calendar.yearsWithoutData(new Date('2026-12-30T00:00:00Z'), new Date('2028-01-02T00:00:00Z')),
    ).toEqual([2027, 2028]);
    expect(
      calendar.yearsWithoutData(new Date('2025-01-01T00:00:00Z'), new Date('2025-12-31T00:00:00Z')),
    ).toEqual([]);
  });

  it('reads a year in Beijing time: 2026-12-31T16:00Z is already 2027 in Beijing', () => {
    expect(
      calendar.yearsWithoutData(new Date('2026-12-31T16:00:00Z'), new Date('2026-12-31T16:00:00Z')),
    ).toEqual([2027]);
    expect(
      calendar.yearsWithoutData(new Date('2026-12-31T15:59:59Z'), new Date('2026-12-31T15:59:59Z')),
    ).toEqual([]);
  });

  it('accepts an admin-added year', () => {
    const extended = new WorkingCalendar([
      ...loadShippedCalendars(),
      { ...minimal(), year: 2027, holidays: [{ date: '2027-10-01', name: '国庆节' }] },
    ]);
    expect(extended.hasYear(2027)).toBe(true);
    expect(extended.isWorkingDay('2027-10-01')).toBe(false);
  });

  it('lets an admin-stored year replace a shipped one', () => {
    const corrected = {
      ...minimal(),
      year: 2026,
      holidays: [{ date: '2026-01-01', name: '元旦' }],
    };
    const merged = mergeCalendarYears(loadShippedCalendars(), [corrected]);
    expect(merged.map((y) => y.year)).toEqual([2024, 2025, 2026]);
    const replaced = new WorkingCalendar(merged);
    expect(replaced.isWorkingDay('2026-01-02')).toBe(true);
    expect(replaced.isWorkingDay('2025-01-28')).toBe(false);
  });

  it('refuses the same year twice', () => {
    expect(() => new WorkingCalendar([minimal(), minimal()])).toThrow(CalendarInvalid);
  });

  it('refuses a date that is not a date', () => {
    expect(() => calendar.isWorkingDay('2025-02-30')).toThrow(CalendarInvalid);
  });
});

describe('validateCalendarYear', () => {
  it('accepts a minimal year and sorts its days', () => {
    const year = validateCalendarYear({
      ...minimal(),
      holidays: [
        { date: '2030-10-02', name: 'b' },
        { date: '2030-10-01', name: 'a' },
      ],
    });
    expect(year.holidays.map((d) => d.date)).toEqual(['2030-10-01', '2030-10-02']);
  });

  it('accepts a holiday on an ordinary weekend day', () => {
    expect(() =>
      validateCalendarYear({ ...minimal(), holidays: [{ date: '2030-01-05', name: '元旦' }] }),
    ).not.toThrow();
  });

  it.each<[string, unknown, string]>([
    ['not an object', 'x', '(root)'],
    ['year not an integer', { ...minimal(), year: 2030.5 }, 'year'],
    ['year missing', { ...minimal(), year: undefined }, 'year'],
    ['no source', { ...minimal(), source: ' ' }, 'source'],
    ['holidays not an array', { ...minimal(), holidays: {} }, 'holidays'],
    ['unknown field', { ...minimal(), extra: 1 }, 'extra'],
    [
      'unknown field in a day',
      { ...minimal(), holidays: [{ date: '2030-01-01', name: 'x', off: true }] },
      'holidays[0].off',
    ],
    [
      'malformed date',
      { ...minimal(), holidays: [{ date: '2030-1-1', name: 'x' }] },
      'holidays[0].date',
    ],
    [
      'impossible date',
      { ...minimal(), holidays: [{ date: '2030-02-29', name: 'x' }] },
      'holidays[0].date',
    ],
    [
      'date outside the year',
      { ...minimal(), holidays: [{ date: '2029-12-31', name: 'x' }] },
      'holidays[0].date',
    ],
    [
      'empty name',
      { ...minimal(), holidays: [{ date: '2030-01-01', name: '' }] },
      'holidays[0].name',
    ],
    [
      'holiday listed twice',
      {
        ...minimal(),
        holidays: [
          { date: '2030-01-01', name: 'a' },
          { date: '2030-01-01', name: 'b' },
        ],
      },
      'holidays[1].date',
    ],
    [
      'both holiday and workday',
      { ...minimal(), workdays: [{ date: '2030-01-01', name: 'x' }] },
      'workdays[0].date',
    ],
    [
      'workday on a weekday',
      { ...minimal(), workdays: [{ date: '2030-01-07', name: 'x' }] },
      'workdays[0].date',
    ],
  ])('refuses %s', (_label, input, path) => {
    expectInvalid(input, path);
  });
});

/** A year of random holidays and make-up Saturdays and Sundays, as an admin might store. */
const randomYear = (year: number) =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: 364 }), { maxLength: 40 })
    .chain((offsets) => fc.tuple(fc.constant(offsets), fc.array(fc.boolean(), { minLength: 40 })))
    .map(([offsets, asHoliday]): CalendarYear => {
      const start = Date.UTC(year, 0, 1) / 86_400_000;
      const dates = offsets.map((o, i) => ({ day: start + o, holiday: asHoliday[i] }));
      const date = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
      const weekend = (day: number) => [0, 6].includes((((day + 4) % 7) + 7) % 7);
      return {
        year,
        source: 'test notice',
        holidays: dates.filter((d) => d.holiday).map((d) => ({ date: date(d.day), name: '假' })),
        workdays: dates
          .filter((d) => !d.holiday && weekend(d.day))
          .map((d) => ({ date: date(d.day), name: '班' })),
      };
    });

describe('workingDaysIn', () => {
  const countEach = (cal: WorkingCalendar, first: number, last: number) => {
    let n = 0;
    for (let day = first; day <= last; day++) {
      n += cal.isWorkingDayNumber(day) ? 1 : 0;
    }
    return n;
  };

  it('counts a range as asking each day would, on the shipped calendar', () => {
    // 2023-01-01 … 2028-01-01 in day numbers, and ranges up to three years long.
    fc.assert(
      fc.property(
        fc.integer({ min: 19_358, max: 21_185 }),
        fc.integer({ min: -1, max: 1_100 }),
        (first, length) => {
          expect(calendar.workingDaysIn(first, first + length)).toBe(
            countEach(calendar, first, first + length),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('counts a range as asking each day would, on any stored calendar, before 1970 too', () => {
    fc.assert(
      fc.property(
        randomYear(1969),
        randomYear(2030),
        fc.integer({ min: -400, max: 22_000 }),
        fc.integer({ min: -3, max: 800 }),
        (early, late, first, length) => {
          const cal = new WorkingCalendar([early, late]);
          expect(cal.workingDaysIn(first, first + length)).toBe(
            countEach(cal, first, first + length),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is zero for an empty range and one for a single working day', () => {
    const monday = 20_360; // 2025-09-29
    expect(calendar.workingDaysIn(monday, monday - 1)).toBe(0);
    expect(calendar.workingDaysIn(monday, monday)).toBe(1);
    expect(calendar.workingDaysIn(monday + 2, monday + 9)).toBe(0); // National Day 2025, Oct 1–8
  });
});

describe('calendarYearChange', () => {
  const year2027: CalendarYear = {
    year: 2027,
    source: '测试用通知（假定）',
    holidays: [{ date: '2027-01-01', name: '元旦' }],
    workdays: [],
  };

  it('is the whole year for a year without data, and nothing for the same year again', () => {
    expect(calendarYearChange(null, year2027)).toEqual({ before: null, after: year2027 });
    expect(calendarYearChange(year2027, structuredClone(year2027))).toBeNull();
  });

  it('sees a changed day, a changed name, a dropped day and a changed source', () => {
    const variants: CalendarYear[] = [
      { ...year2027, holidays: [{ date: '2027-01-02', name: '元旦' }] },
      { ...year2027, holidays: [{ date: '2027-01-01', name: '新年' }] },
      { ...year2027, holidays: [] },
      { ...year2027, workdays: [{ date: '2027-01-02', name: '调休' }] },
      { ...year2027, source: '另一份通知' },
    ];
    for (const next of variants) {
      expect(calendarYearChange(year2027, next)).toEqual({ before: year2027, after: next });
    }
  });
});
