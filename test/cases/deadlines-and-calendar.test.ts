import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';
import { seedCase } from './case-seed';

/** Beijing wall time → instant. */
const beijing = (local: string) => new Date(`${local}+08:00`);

interface CaseBody {
  id: string;
  openedAt: string;
  acknowledgeDeadline: string;
  resolveDeadline: string;
  overdue: boolean;
}

describe('SLA deadlines on the PRC working calendar, seen through the API', () => {
  let t: TestApp;
  let clock: TestClock;
  let leader: { id: string; weiboUid: string };

  beforeAll(async () => {
    clock = new TestClock(new Date('2025-01-01T00:00:00Z'));
    t = await startTestApp({ clock });
    leader = await createLeader(t);
  });

  afterAll(async () => {
    await t.close();
  });

  const getCase = async (id: string): Promise<CaseBody> =>
    (await t.http.get(`/api/v1/cases/${id}`).set(t.admin).expect(200)).body as CaseBody;

  it.each([
    {
      what: 'a complaint at 17:30 on the last working day before the National Day holiday',
      openedAt: '2025-09-30T17:30:00',
      kind: 'complaint' as const,
      category: 'noise' as const,
      acknowledge: '2025-10-09T09:30:00.000Z', // Thu 9 Oct 17:30 Beijing
      resolve: '2025-10-14T09:30:00.000Z', // 9, 10, Sat 11 (调休), 13, 14 Oct
    },
    {
      what: 'a complaint on the Monday before the Spring Festival, a 调休 Sunday behind it',
      openedAt: '2025-01-27T10:00:00',
      kind: 'complaint' as const,
      category: 'urban' as const,
      acknowledge: '2025-02-05T02:00:00.000Z', // holiday 28 Jan – 4 Feb
      resolve: '2025-02-10T02:00:00.000Z', // 5, 6, 7, Sat 8 (调休), 10 Feb
    },
    {
      what: 'an inquiry on the 调休 Sunday before the Spring Festival (a working day)',
      openedAt: '2025-01-26T09:00:00',
      kind: 'inquiry' as const,
      category: 'household_id' as const,
      acknowledge: '2025-01-27T01:00:00.000Z', // Mon 27 Jan 09:00
      resolve: '2025-02-08T01:00:00.000Z', // 27 Jan, 5, 6, 7, Sat 8 Feb (调休)
    },
    {
      what: 'a complaint on the 调休 Saturday after National Day',
      openedAt: '2025-10-11T09:00:00',
      kind: 'complaint' as const,
      category: 'traffic' as const,
      acknowledge: '2025-10-13T01:00:00.000Z', // Mon 13 Oct 09:00
      resolve: '2025-10-17T01:00:00.000Z', // 13, 14, 15, 16, 17 Oct
    },
    {
      what: 'a complaint in the middle of the National Day holiday',
      openedAt: '2025-10-03T12:00:00',
      kind: 'complaint' as const,
      category: 'noise' as const,
      acknowledge: '2025-10-09T16:00:00.000Z', // end of Thu 9 Oct (24:00 Beijing)
      resolve: '2025-10-14T16:00:00.000Z', // end of the 5th working day, 14 Oct
    },
    {
      what: 'a complaint at 00:00 sharp of a working day',
      openedAt: '2025-03-03T00:00:00',
      kind: 'complaint' as const,
      category: 'noise' as const,
      acknowledge: '2025-03-03T16:00:00.000Z', // 24:00 of Mon 3 Mar
      resolve: '2025-03-07T16:00:00.000Z',
    },
    {
      what: 'a call for help about safety on a holiday night: 2 wall-clock hours',
      openedAt: '2025-10-01T23:30:00',
      kind: 'help' as const,
      category: 'public_order' as const,
      acknowledge: '2025-10-01T17:30:00.000Z', // 01:30 on 2 Oct Beijing
      resolve: '2025-10-14T16:00:00.000Z', // end of 9, 10, Sat 11, 13, 14 Oct
    },
  ])('$what', async ({ openedAt, kind, category, acknowledge, resolve }) => {
    const seeded = await seedCase(t, leader, { createdAt: beijing(openedAt), kind, category });
    const body = await getCase(seeded.id);
    expect(body).toMatchObject({
      openedAt: beijing(openedAt).toISOString(),
      acknowledgeDeadline: acknowledge,
      resolveDeadline: resolve,
    });
  });

  it('is overdue one millisecond after the acknowledge deadline, not at it', async () => {
    const seeded = await seedCase(t, leader, {
      createdAt: beijing('2025-09-30T17:30:00'),
      kind: 'suggestion',
      category: 'education',
    });
    const url = `/api/v1/leaders/${leader.id}/cases`;
    clock.set('2025-10-09T09:30:00.000Z');
    expect((await getCase(seeded.id)).overdue).toBe(false);
    const notYet = await t.http.get(`${url}?overdue=true&kind=suggestion`).set(t.admin).expect(200);
    expect(notYet.body.total).toBe(0);
    clock.set('2025-10-09T09:30:00.001Z');
    expect((await getCase(seeded.id)).overdue).toBe(true);
    const overdue = await t.http
      .get(`${url}?overdue=true&kind=suggestion`)
      .set(t.admin)
      .expect(200);
    expect((overdue.body.items as CaseBody[]).map((c) => c.id)).toEqual([seeded.id]);
    const inTime = await t.http
      .get(`${url}?overdue=false&kind=suggestion`)
      .set(t.admin)
      .expect(200);
    expect(inTime.body.total).toBe(0);
  });

  it('lists the backlog nearest pending deadline first, finished cases last', async () => {
    const other = await createLeader(t);
    clock.set('2025-06-02T00:00:00Z');
    const late = await seedCase(t, other, { createdAt: beijing('2025-05-30T10:00:00') });
    const early = await seedCase(t, other, { createdAt: beijing('2025-05-26T10:00:00') });
    const answered = await seedCase(t, other, { createdAt: beijing('2025-05-20T10:00:00') });
    const done = await seedCase(t, other, { createdAt: beijing('2025-05-19T10:00:00') });
    const staff = t.as((await issueKey(t, 'staff', [other.id])).key);
    await t.http
      .post(`/api/v1/cases/${answered.id}/follow-ups`)
      .set(staff)
      .send({ type: 'responded', text: '已安排处理' })
      .expect(201);
    await t.http
      .post(`/api/v1/cases/${done.id}/follow-ups`)
      .set(staff)
      .send({ type: 'resolved', text: '已处理完毕' })
      .expect(201);
    const list = await t.http.get(`/api/v1/leaders/${other.id}/cases`).set(staff).expect(200);
    // early: acknowledge 27 May; answered: resolve 27 May 10:00 too (20 May + 5 working days) but
    // opened earlier; late: acknowledge 3 Jun (Mon 2 Jun is the Dragon Boat holiday).
    expect((list.body.items as CaseBody[]).map((c) => c.id)).toEqual([
      answered.id,
      early.id,
      late.id,
      done.id,
    ]);
  });

  it('lets an admin add a calendar year; cases opened afterwards follow it', async () => {
    const year2027 = {
      year: 2027,
      source: '测试用通知（假定）',
      holidays: [{ date: '2027-01-01', name: '元旦' }],
      workdays: [],
    };
    const openedAt = beijing('2026-12-31T17:30:00');
    const before = await seedCase(t, leader, { createdAt: openedAt });
    // Without 2027 data, Fri 1 Jan 2027 counts as a plain working day.
    expect((await getCase(before.id)).acknowledgeDeadline).toBe('2027-01-01T09:30:00.000Z');

    const auditor = t.as((await issueKey(t, 'auditor')).key);
    await t.http.put('/api/v1/calendars/2027').set(auditor).send(year2027).expect(403);
    const mismatch = await t.http
      .put('/api/v1/calendars/2028')
      .set(t.admin)
      .send(year2027)
      .expect(400);
    expect(mismatch.body.message).toMatch(/year/);
    const badDate = await t.http
      .put('/api/v1/calendars/2027')
      .set(t.admin)
      .send({ ...year2027, holidays: [{ date: '2027-02-30', name: '春节' }] })
      .expect(400);
    expect(badDate.body.message).toMatch(/holidays\[0\]\.date/);
    const weekdayWorkday = await t.http
      .put('/api/v1/calendars/2027')
      .set(t.admin)
      .send({ ...year2027, workdays: [{ date: '2027-01-04', name: '调休' }] })
      .expect(400);
    expect(weekdayWorkday.body.message).toMatch(/workdays\[0\]\.date/);
    const unknown = await t.http
      .put('/api/v1/calendars/2027')
      .set(t.admin)
      .send({ ...year2027, note: 'x' })
      .expect(400);
    expect(unknown.body.message).toMatch(/note/);
    await t.http.put('/api/v1/calendars/twenty').set(t.admin).send(year2027).expect(400);

    const stored = await t.http
      .put('/api/v1/calendars/2027')
      .set(t.admin)
      .send(year2027)
      .expect(200);
    expect(stored.body).toEqual(year2027);

    const list = await t.http.get('/api/v1/calendars').set(auditor).expect(200);
    expect((list.body.items as { year: number }[]).map((y) => y.year)).toEqual([
      2024, 2025, 2026, 2027,
    ]);
    expect(list.body.total).toBe(4);

    const after = await seedCase(t, leader, { createdAt: openedAt });
    expect((await getCase(after.id)).acknowledgeDeadline).toBe('2027-01-04T09:30:00.000Z');
    // Deadlines already set stay as they were.
    expect((await getCase(before.id)).acknowledgeDeadline).toBe('2027-01-01T09:30:00.000Z');
  });
});
