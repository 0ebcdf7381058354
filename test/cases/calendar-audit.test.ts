/**
 * The calendar decides every SLA deadline (SPEC section 4), so storing a
 * year is evidence like any change to a case: one hash-chained audit event
 * with the year in effect before and the year stored after. A PUT that
 * changes nothing records nothing.
 */
import { loadShippedCalendars, type CalendarYear } from '../../src/cases/working-calendar';
import { issueKey, startTestApp, type TestApp } from '../support/test-app';

interface AuditEventBody {
  seq: number;
  actor: string;
  action: string;
  caseId: string | null;
  leaderId: string | null;
  before: CalendarYear | null;
  after: CalendarYear;
}

const shipped = (year: number): CalendarYear => {
  const found = loadShippedCalendars().find((y) => y.year === year);
  if (!found) {
    throw new Error(`no shipped ${year}`);
  }
  return found;
};

describe('PUT /api/v1/calendars/:year as audit evidence', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let adminActor: string;
  let auditor: { Authorization: string };

  beforeAll(async () => {
    t = await startTestApp();
    const key = await issueKey(t, 'admin');
    admin = t.as(key.key);
    adminActor = `admin:admin test key#${key.id}`;
    auditor = t.as((await issueKey(t, 'auditor')).key);
  });

  afterAll(async () => {
    await t.close();
  });

  const calendarEvents = async (): Promise<AuditEventBody[]> => {
    const events = await t.http
      .get('/api/v1/audit/events')
      .query({ pageSize: 200 })
      .set(auditor)
      .expect(200);
    return (events.body.items as AuditEventBody[])
      .filter((e) => e.action === 'calendar.updated')
      .sort((a, b) => a.seq - b.seq);
  };

  it('records emptying a shipped year’s holidays: who, the days before and the days after', async () => {
    const emptied = { ...shipped(2025), holidays: [] };
    await t.http.put('/api/v1/calendars/2025').set(admin).send(emptied).expect(200);

    const events = await calendarEvents();
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ actor: adminActor, caseId: null, leaderId: null });
    expect(event.before).toEqual(shipped(2025));
    expect(event.before?.holidays.length).toBeGreaterThan(0);
    expect(event.after).toEqual(emptied);
  });

  it('records nothing for a PUT that changes nothing, a refused PUT or a year equal to the shipped one', async () => {
    const emptied = { ...shipped(2025), holidays: [] };
    await t.http.put('/api/v1/calendars/2025').set(admin).send(emptied).expect(200);
    // Same days in another order and with spaces around names: the same year once validated.
    const shuffled = {
      ...emptied,
      workdays: [...emptied.workdays].reverse().map((d) => ({ ...d, name: ` ${d.name} ` })),
    };
    await t.http.put('/api/v1/calendars/2025').set(admin).send(shuffled).expect(200);
    await t.http.put('/api/v1/calendars/2026').set(admin).send(shipped(2026)).expect(200);
    await t.http
      .put('/api/v1/calendars/2025')
      .set(auditor)
      .send({ ...emptied, holidays: shipped(2025).holidays })
      .expect(403);
    await t.http
      .put('/api/v1/calendars/2025')
      .set(admin)
      .send({ ...emptied, holidays: [{ date: '2025-02-30', name: '春节' }] })
      .expect(400);
    expect(await calendarEvents()).toHaveLength(1);
  });

  it('records a correction against the stored year, and a new year with nothing before it', async () => {
    await t.http.put('/api/v1/calendars/2025').set(admin).send(shipped(2025)).expect(200);
    const year2027 = {
      year: 2027,
      source: '测试用通知（假定）',
      holidays: [{ date: '2027-01-01', name: '元旦' }],
      workdays: [],
    };
    await t.http.put('/api/v1/calendars/2027').set(t.admin).send(year2027).expect(200);

    const events = await calendarEvents();
    expect(events).toHaveLength(3);
    expect(events[1].before).toEqual({ ...shipped(2025), holidays: [] });
    expect(events[1].after).toEqual(shipped(2025));
    expect(events[2]).toMatchObject({ before: null, after: year2027 });
    expect(events[2].actor).toMatch(/^admin:/);
    expect(events[2].actor).not.toBe(adminActor);

    const list = await t.http.get('/api/v1/calendars').set(auditor).expect(200);
    const stored = (list.body.items as CalendarYear[]).find((y) => y.year === 2025);
    expect(stored).toEqual(shipped(2025));
  });

  it('leaves a chain that verifies', async () => {
    const verify = await t.http.get('/api/v1/audit/verify').set(auditor).expect(200);
    expect(verify.body).toMatchObject({ ok: true, firstBrokenSeq: null, reason: null });
  });
});
