/**
 * Two service instances on one database: a calendar year stored through one
 * is used by the other once that one refreshes (every CALENDAR_REFRESH_MS on
 * a timer; called directly here rather than waited for).
 */
import { CalendarService } from '../../src/cases/calendar.service';
import { createLeader, startTestApp, TestClock, type TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { seedCase } from './case-seed';

/** Beijing wall time → instant. */
const beijing = (local: string) => new Date(`${local}+08:00`);

const year2027 = {
  year: 2027,
  source: '测试用通知（假定）',
  holidays: [{ date: '2027-01-01', name: '元旦' }],
  workdays: [],
};

describe('the working calendar on two instances', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let leader: { id: string; weiboUid: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    const clock = new TestClock(new Date('2026-12-31T12:00:00Z'));
    a = await startTestApp({ clock, database });
    b = await startTestApp({ clock, database });
    leader = await createLeader(a);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  /** The acknowledge deadline of a case that instance `t` opens at 17:30 on Thu 31 Dec 2026. */
  const acknowledgeDeadlineOn = async (t: TestApp): Promise<string> => {
    const seeded = await seedCase(t, leader, { createdAt: beijing('2026-12-31T17:30:00') });
    const body = (await t.http.get(`/api/v1/cases/${seeded.id}`).set(t.admin).expect(200)).body as {
      acknowledgeDeadline: string;
    };
    return body.acknowledgeDeadline;
  };
  const storedYearsOn = async (t: TestApp): Promise<number[]> =>
    (
      (await t.http.get('/api/v1/calendars').set(t.admin).expect(200)).body.items as {
        year: number;
      }[]
    ).map((y) => y.year);

  it('uses a year stored through the other instance after a refresh, and a correction of it', async () => {
    // Without 2027 data, Fri 1 Jan 2027 counts as a plain working day.
    expect(await acknowledgeDeadlineOn(b)).toBe('2027-01-01T09:30:00.000Z');
    const calendarOfB = b.app.get(CalendarService);
    const unchanged = calendarOfB.current;
    expect(await calendarOfB.refresh()).toBe(unchanged);

    await a.http.put('/api/v1/calendars/2027').set(a.admin).send(year2027).expect(200);
    expect(await acknowledgeDeadlineOn(a)).toBe('2027-01-04T09:30:00.000Z');
    // b has not looked yet.
    expect(await acknowledgeDeadlineOn(b)).toBe('2027-01-01T09:30:00.000Z');

    await calendarOfB.refresh();
    expect(await acknowledgeDeadlineOn(b)).toBe('2027-01-04T09:30:00.000Z');
    expect(await storedYearsOn(b)).toEqual([2024, 2025, 2026, 2027]);
    // Nothing changed since: the calendar is not rebuilt.
    const refreshed = calendarOfB.current;
    expect(await calendarOfB.refresh()).toBe(refreshed);

    // A correction of the same year (same number of years stored) is picked up too.
    await a.http
      .put('/api/v1/calendars/2027')
      .set(a.admin)
      .send({ ...year2027, holidays: [...year2027.holidays, { date: '2027-01-04', name: '元旦' }] })
      .expect(200);
    await calendarOfB.refresh();
    expect(await acknowledgeDeadlineOn(b)).toBe('2027-01-05T09:30:00.000Z');
  });
});
