import { HOUR_MS } from './beijing-time';
import { timeLeft, type ClockedCase } from './time-left';
import { loadShippedCalendars, WorkingCalendar } from './working-calendar';

const calendar = new WorkingCalendar(loadShippedCalendars());

// A complaint at 17:30 on Tuesday 2025-09-30 (Beijing), the last working day
// before the National Day holiday: acknowledged by 17:30 on Thursday 2025-10-09.
const complaint: ClockedCase = {
  status: 'open',
  kind: 'complaint',
  category: 'noise',
  firstResponseAt: null,
  acknowledgeDeadline: new Date('2025-10-09T09:30:00Z'),
  resolveDeadline: new Date('2025-10-14T09:30:00Z'),
};

describe('timeLeft', () => {
  it('counts only working time to a working-day deadline: the holiday does not run the clock', () => {
    // 00:00 on 1 October, Beijing: eight days of holiday, then 17.5 working hours.
    const left = timeLeft(complaint, new Date('2025-09-30T16:00:00Z'), calendar);
    expect(left).toEqual({
      deadline: 'acknowledge',
      at: complaint.acknowledgeDeadline,
      unit: 'working_time',
      ms: 17.5 * HOUR_MS,
    });
  });

  it('is negative by the working time overdue', () => {
    // 10:00 on Friday 10 October: 6.5 hours of the 9th and 10 of the 10th.
    const left = timeLeft(complaint, new Date('2025-10-10T02:00:00Z'), calendar);
    expect(left?.ms).toBe(-16.5 * HOUR_MS);
  });

  it('is zero at the deadline instant, which is still on time', () => {
    expect(timeLeft(complaint, complaint.acknowledgeDeadline, calendar)?.ms).toBe(0);
  });

  it('moves to the resolve deadline once the case has a first response', () => {
    const responded: ClockedCase = {
      ...complaint,
      status: 'responded',
      firstResponseAt: new Date('2025-10-09T01:00:00Z'),
    };
    const left = timeLeft(responded, new Date('2025-10-13T16:00:00Z'), calendar);
    // 00:00 Tuesday 14 October to 17:30 that day.
    expect(left).toMatchObject({ deadline: 'resolve', unit: 'working_time', ms: 17.5 * HOUR_MS });
  });

  it('runs on the wall clock for a safety help request, nights and holidays included', () => {
    const opened = new Date('2025-10-01T14:00:00Z'); // 22:00 on a holiday
    const help: ClockedCase = {
      ...complaint,
      kind: 'help',
      category: 'fire',
      acknowledgeDeadline: new Date(opened.getTime() + 2 * HOUR_MS),
    };
    const left = timeLeft(help, new Date(opened.getTime() + 0.5 * HOUR_MS), calendar);
    expect(left).toMatchObject({ unit: 'wall_clock', ms: 1.5 * HOUR_MS });
  });

  it('has no clock left once the case is resolved or closed', () => {
    expect(timeLeft({ ...complaint, status: 'resolved' }, new Date(), calendar)).toBeNull();
    expect(timeLeft({ ...complaint, status: 'closed' }, new Date(), calendar)).toBeNull();
  });
});
