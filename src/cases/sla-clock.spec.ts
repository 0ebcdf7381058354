import fc from 'fast-check';
import { beijingDayNumber, beijingMidnight, DAY_MS } from './beijing-time';
import { computeDeadline, isOnTime, type SlaDuration, workingTimeBetween } from './sla-clock';
import { WorkingCalendar } from './working-calendar';

const calendar = WorkingCalendar.shipped();
/** A Beijing wall-clock time, e.g. bj('2025-09-30 17:30'). */
const bj = (local: string): Date => new Date(`${local.replace(' ', 'T')}+08:00`);
const days = (amount: number): SlaDuration => ({ unit: 'working_days', amount });
const hours = (amount: number): SlaDuration => ({ unit: 'hours', amount });

describe('computeDeadline: the documented cases', () => {
  // [case, opened (Beijing), duration, deadline (Beijing)]
  it.each<[string, string, SlaDuration, string]>([
    [
      '17:30 on the last working day before National Day 2025, acknowledge',
      '2025-09-30 17:30',
      days(1),
      '2025-10-09 17:30',
    ],
    [
      '17:30 on the last working day before National Day 2025, resolve',
      '2025-09-30 17:30',
      days(5),
      '2025-10-14 17:30',
    ],
    ['调休 Sunday 2025-09-28 10:00, acknowledge', '2025-09-28 10:00', days(1), '2025-09-29 10:00'],
    [
      '调休 Sunday 2025-09-28 10:00, resolve (ends on 调休 Saturday 10-11)',
      '2025-09-28 10:00',
      days(5),
      '2025-10-11 10:00',
    ],
    [
      '调休 Saturday 2025-10-11 10:00, acknowledge',
      '2025-10-11 10:00',
      days(1),
      '2025-10-13 10:00',
    ],
    [
      'ordinary Saturday before the 调休 Sunday (2025-09-27 10:00)',
      '2025-09-27 10:00',
      days(1),
      '2025-09-29 00:00',
    ],
    [
      '23:59 on 2025-01-27, the day before the Spring Festival, acknowledge',
      '2025-01-27 23:59',
      days(1),
      '2025-02-05 23:59',
    ],
    [
      '23:59 on 2025-01-27, resolve (调休 Saturday 02-08 counts)',
      '2025-01-27 23:59',
      days(5),
      '2025-02-10 23:59',
    ],
    ['调休 Sunday 2025-01-26 09:00, resolve', '2025-01-26 09:00', days(5), '2025-02-08 09:00'],
    [
      'inside the National Day holiday (2025-10-03 10:00)',
      '2025-10-03 10:00',
      days(1),
      '2025-10-10 00:00',
    ],
    [
      'exactly 00:00 of a working day (Monday 2025-03-03)',
      '2025-03-03 00:00',
      days(1),
      '2025-03-04 00:00',
    ],
    ['exactly 00:00 of a working day, resolve', '2025-03-03 00:00', days(5), '2025-03-08 00:00'],
    [
      'exactly 00:00 of a Friday: the whole Friday is the day',
      '2025-03-07 00:00',
      days(1),
      '2025-03-08 00:00',
    ],
    [
      'one millisecond after 00:00 of a Friday',
      '2025-03-07 00:00:00.001',
      days(1),
      '2025-03-10 00:00:00.001',
    ],
    [
      '23:59:59.999 before National Day',
      '2025-09-30 23:59:59.999',
      days(1),
      '2025-10-09 23:59:59.999',
    ],
    [
      'a Sunday afternoon (2025-03-09 15:00), acknowledge',
      '2025-03-09 15:00',
      days(1),
      '2025-03-11 00:00',
    ],
    [
      'a Sunday afternoon (2025-03-09 15:00), resolve',
      '2025-03-09 15:00',
      days(5),
      '2025-03-15 00:00',
    ],
    [
      'Friday 17:30 (2025-03-07), acknowledge on Monday',
      '2025-03-07 17:30',
      days(1),
      '2025-03-10 17:30',
    ],
    [
      '2026 Spring Festival eve of 调休: Friday 2026-02-13 18:00',
      '2026-02-13 18:00',
      days(1),
      '2026-02-14 18:00',
    ],
    [
      '2026-02-14 (调休 Saturday) 18:00, across the nine-day Spring Festival',
      '2026-02-14 18:00',
      days(1),
      '2026-02-24 18:00',
    ],
    [
      'across New Year 2024: Friday 2023-12-29 17:30 (2023 on fallback)',
      '2023-12-29 17:30',
      days(1),
      '2024-01-02 17:30',
    ],
    [
      '2027, no data: Mon–Fri fallback makes Friday 10-01 a working day',
      '2027-09-30 17:30',
      days(1),
      '2027-10-01 17:30',
    ],
    [
      '2-hour help at 23:30 on a Friday runs through the night',
      '2025-03-07 23:30',
      hours(2),
      '2025-03-08 01:30',
    ],
    ['2-hour help on National Day', '2025-10-01 12:00', hours(2), '2025-10-01 14:00'],
    ['half an hour', '2025-10-01 12:00', hours(0.5), '2025-10-01 12:30'],
  ])('%s', (_label, opened, duration, due) => {
    expect(computeDeadline(bj(opened), duration, calendar).toISOString()).toBe(
      bj(due).toISOString(),
    );
  });

  it('uses Beijing dates, not UTC: 2025-09-30T16:30Z is 00:30 on National Day in Beijing', () => {
    expect(computeDeadline(new Date('2025-09-30T16:30:00Z'), days(1), calendar)).toEqual(
      bj('2025-10-10 00:00'),
    );
  });

  it('tells the caller when the fallback was used', () => {
    const opened = bj('2027-09-30 17:30');
    const due = computeDeadline(opened, days(1), calendar);
    expect(calendar.yearsWithoutData(opened, due)).toEqual([2027]);
  });
});

describe('the boundary minute', () => {
  const deadline = computeDeadline(bj('2025-09-30 17:30'), days(1), calendar);

  it('is inclusive: a response at the deadline is on time, a millisecond later is late', () => {
    expect(isOnTime(bj('2025-10-09 17:29'), deadline)).toBe(true);
    expect(isOnTime(bj('2025-10-09 17:30'), deadline)).toBe(true);
    expect(isOnTime(new Date(deadline.getTime() + 1), deadline)).toBe(false);
    expect(isOnTime(bj('2025-10-09 17:31'), deadline)).toBe(false);
  });

  it('counts exactly one working day up to the deadline and less one millisecond before', () => {
    expect(workingTimeBetween(bj('2025-09-30 17:30'), deadline, calendar)).toBe(DAY_MS);
    expect(
      workingTimeBetween(bj('2025-09-30 17:30'), new Date(deadline.getTime() - 1), calendar),
    ).toBe(DAY_MS - 1);
  });
});

describe('workingTimeBetween', () => {
  it('counts no time on holidays and weekends', () => {
    expect(workingTimeBetween(bj('2025-10-01 00:00'), bj('2025-10-09 00:00'), calendar)).toBe(0);
    expect(workingTimeBetween(bj('2025-09-27 00:00'), bj('2025-09-29 00:00'), calendar)).toBe(
      DAY_MS,
    ); // 调休 Sunday only
  });

  it('is antisymmetric', () => {
    expect(workingTimeBetween(bj('2025-03-04 00:00'), bj('2025-03-03 12:00'), calendar)).toBe(
      -DAY_MS / 2,
    );
  });
});

describe('computeDeadline: properties', () => {
  // Any instant from 2023 to 2028, so that both calendar data and fallback years are hit.
  const instant = fc
    .integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2028, 0, 1) })
    .map((t) => new Date(t));
  // Whole minutes too, to hit 00:00 exactly more often.
  const minute = fc
    .integer({ min: 0, max: 5 * 366 * 24 * 60 })
    .map((m) => new Date(Date.UTC(2022, 11, 31, 16) + m * 60_000));

  it('is the first instant at which N working days of time have passed', () => {
    fc.assert(
      fc.property(fc.oneof(instant, minute), fc.integer({ min: 1, max: 10 }), (opened, n) => {
        const due = computeDeadline(opened, days(n), calendar);
        expect(workingTimeBetween(opened, due, calendar)).toBe(n * DAY_MS);
        expect(workingTimeBetween(opened, new Date(due.getTime() - 1), calendar)).toBeLessThan(
          n * DAY_MS,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('never shortens when the case opens later', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 3 * DAY_MS }),
        fc.integer({ min: 1, max: 5 }),
        (a, gap, n) => {
          const b = new Date(a.getTime() + gap);
          expect(computeDeadline(b, days(n), calendar).getTime()).toBeGreaterThanOrEqual(
            computeDeadline(a, days(n), calendar).getTime(),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('computeDeadline: bad input', () => {
  it.each<[string, SlaDuration]>([
    ['zero working days', days(0)],
    ['fractional working days', days(1.5)],
    ['negative hours', hours(-1)],
    ['NaN hours', hours(Number.NaN)],
  ])('refuses %s', (_label, duration) => {
    expect(() => computeDeadline(bj('2025-03-03 10:00'), duration, calendar)).toThrow(RangeError);
  });

  it('refuses an invalid instant', () => {
    expect(() => computeDeadline(new Date('nope'), days(1), calendar)).toThrow(RangeError);
  });

  it('does not loop forever on a calendar without working days', () => {
    const allOff = new WorkingCalendar(
      [2030, 2031, 2032, 2033].map((year) => {
        const holidays = [];
        for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += DAY_MS) {
          holidays.push({ date: new Date(t).toISOString().slice(0, 10), name: 'off' });
        }
        return { year, source: 'test', holidays, workdays: [] };
      }),
    );
    expect(() => computeDeadline(bj('2030-03-03 10:00'), days(1), allOff)).toThrow(RangeError);
  });
});

describe('workingTimeBetween: the same as summing each day', () => {
  /** Day by day, as the rule reads: the overlap of [from, to) with every working day. */
  const summedDayByDay = (from: Date, to: Date, cal: WorkingCalendar): number => {
    if (to < from) {
      return -summedDayByDay(to, from, cal);
    }
    let total = 0;
    for (let day = beijingDayNumber(from); day <= beijingDayNumber(to); day++) {
      if (cal.isWorkingDayNumber(day)) {
        const dayStart = beijingMidnight(day).getTime();
        total += Math.max(
          0,
          Math.min(to.getTime(), dayStart + DAY_MS) - Math.max(from.getTime(), dayStart),
        );
      }
    }
    return total;
  };
  const instant = fc
    .integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2028, 0, 1) })
    .map((t) => new Date(t));
  const midnightish = fc
    .tuple(fc.integer({ min: 19_358, max: 21_184 }), fc.constantFrom(0, 1, -1))
    .map(([day, ms]) => new Date(beijingMidnight(day).getTime() + ms));

  it('agrees on any two instants from 2023 to 2028, midnights and their neighbours included', () => {
    fc.assert(
      fc.property(fc.oneof(instant, midnightish), fc.oneof(instant, midnightish), (from, to) => {
        expect(workingTimeBetween(from, to, calendar)).toBe(summedDayByDay(from, to, calendar));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees within one day and across one midnight', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 2 * DAY_MS }), (from, span) => {
        const to = new Date(from.getTime() + span);
        expect(workingTimeBetween(from, to, calendar)).toBe(summedDayByDay(from, to, calendar));
      }),
      { numRuns: 2000 },
    );
  });
});
