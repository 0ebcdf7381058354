import type { CaseRecord } from './case-record';
import { MASKED_NAME, toCaseView } from './case-view';
import { loadShippedCalendars, WorkingCalendar } from './working-calendar';

const calendar = new WorkingCalendar(loadShippedCalendars());

const record: CaseRecord = {
  id: 'c1',
  leaderId: 'l1',
  commentId: '9101',
  status: 'open',
  outcome: null,
  kind: 'complaint',
  category: 'noise',
  openedAt: new Date('2025-09-30T09:30:00Z'),
  acknowledgeDeadline: new Date('2025-10-09T09:30:00Z'),
  resolveDeadline: new Date('2025-10-14T09:30:00Z'),
  firstResponseAt: null,
  firstResponseBy: null,
  firstResponseRef: null,
  firstResponseSubstantive: null,
  resolvedAt: null,
  closedAt: null,
  referredTo: null,
  duplicateOf: null,
  satisfactionLevel: null,
  satisfactionScore: null,
  satisfactionAt: null,
  satisfactionSignal: null,
  message: {
    weiboId: '9101',
    postId: '5001',
    text: '我要投诉',
    authorName: '市民小王',
    authorUid: '7001',
    createdAt: new Date('2025-09-30T09:30:00Z'),
    withdrawnAt: null,
  },
  firstResponseWithdrawnAt: null,
  clusterId: null,
};

describe('toCaseView', () => {
  it('is overdue only after the acknowledge deadline, and only while unanswered', () => {
    expect(toCaseView(record, new Date('2025-10-09T09:30:00.000Z'), false, calendar).overdue).toBe(
      false,
    );
    expect(toCaseView(record, new Date('2025-10-09T09:30:00.001Z'), false, calendar).overdue).toBe(
      true,
    );
    const answered = {
      ...record,
      status: 'responded' as const,
      firstResponseAt: new Date('2025-10-10T00:00:00Z'),
      firstResponseBy: 'leader' as const,
    };
    expect(toCaseView(answered, new Date('2025-10-12T00:00:00Z'), false, calendar).overdue).toBe(
      false,
    );
    expect(
      toCaseView(answered, new Date('2025-10-15T00:00:00Z'), false, calendar).resolveOverdue,
    ).toBe(true);
  });

  it('gives the working time left on the clock that matters now', () => {
    // 00:00 on 1 October, Beijing: the holiday does not run the clock.
    expect(toCaseView(record, new Date('2025-09-30T16:00:00Z'), false, calendar).timeLeft).toEqual({
      deadline: 'acknowledge',
      at: record.acknowledgeDeadline,
      unit: 'working_time',
      ms: 17.5 * 3_600_000,
    });
  });

  it('names the evidence of the first response by who gave it', () => {
    const leader = toCaseView(
      {
        ...record,
        firstResponseAt: new Date('2025-10-10T00:00:00Z'),
        firstResponseBy: 'leader',
        firstResponseRef: '9111',
        firstResponseSubstantive: false,
      },
      new Date(),
      false,
      calendar,
    );
    expect(leader.firstResponseEvidence).toEqual({
      weiboReplyId: '9111',
      acknowledgement: true,
      withdrawnAt: null,
    });
    const staff = toCaseView(
      {
        ...record,
        firstResponseAt: new Date('2025-10-10T00:00:00Z'),
        firstResponseBy: 'staff',
        firstResponseRef: 'f1',
        firstResponseSubstantive: true,
      },
      new Date(),
      false,
      calendar,
    );
    expect(staff.firstResponseEvidence).toEqual({ followUpId: 'f1', acknowledgement: false });
    expect(toCaseView(record, new Date(), false, calendar).firstResponseEvidence).toBeNull();
  });

  it('masks who wrote the message and where it is on Weibo, keeps its time', () => {
    const masked = toCaseView(record, new Date(), true, calendar).message;
    expect(masked).toMatchObject({
      authorName: MASKED_NAME,
      authorUid: null,
      text: '***',
      weiboId: null,
      postId: null,
      createdAt: record.message.createdAt,
    });
    expect(toCaseView(record, new Date(), false, calendar).message).toMatchObject({
      authorName: '市民小王',
      authorUid: '7001',
    });
  });
});
