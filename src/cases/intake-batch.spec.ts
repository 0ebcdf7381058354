import type { Classification } from '../classification/rule-engine';
import { OPEN_CASE } from './case-state-machine';
import { type HeldCase, IntakeBatch, SYSTEM_ACTOR } from './intake-batch';
import {
  type ClassifiedComment,
  type IntakeComment,
  newCaseFor,
  type Opening,
  planIntake,
  replyTargets,
  rootsToLookUp,
  sortBatch,
  type ThreadReply,
} from './intake-plan';
import { WorkingCalendar } from './working-calendar';

const LEADER_UID = '1000';
const owner = { leaderId: 'leader-1', weiboUid: LEADER_UID };
const calendar = WorkingCalendar.shipped();
/** Beijing wall time on 3 March 2025 (a Monday) → instant. */
const at = (hhmm: string) => new Date(`2025-03-03T${hhmm}:00+08:00`);

function comment(id: string, fields: Partial<IntakeComment> = {}): IntakeComment {
  return {
    id,
    rootId: id,
    parentId: null,
    authorUid: '7000001',
    text: '投诉：楼下烧烤店半夜还在营业，噪音扰民',
    createdAt: at('10:00'),
    byLeader: false,
    ...fields,
  };
}

function leaderReply(id: string, rootId: string, text: string, time: string): IntakeComment {
  return comment(id, {
    rootId,
    parentId: rootId,
    authorUid: LEADER_UID,
    text,
    createdAt: at(time),
    byLeader: true,
  });
}

function classified(c: IntakeComment, actionable = true): ClassifiedComment {
  const result: Classification = {
    kind: 'complaint',
    category: 'noise',
    actionable,
    score: 3,
    matches: [],
    tokens: [],
    rulesetVersion: 'test',
  };
  return { comment: c, result };
}

function held(commentId: string, fields: Partial<HeldCase> = {}): HeldCase {
  return {
    ...OPEN_CASE,
    id: `case-${commentId}`,
    commentId,
    openedAt: at('09:00'),
    satisfactionSignal: null,
    ...fields,
  };
}

function opening(c: ClassifiedComment): Opening {
  return { ...c, caseId: `case-${c.comment.id}`, newCase: newCaseFor(owner, c, calendar) };
}

const asThread = (replies: IntakeComment[]): ThreadReply[] =>
  replies.map(({ id, parentId, authorUid, text, createdAt }) => ({
    id,
    parentId,
    authorUid,
    text,
    createdAt,
  }));

describe('planning a batch', () => {
  it('sorts by Weibo time and sets the leader replies apart (not the leader’s own root comments)', () => {
    const late = comment('c2', { createdAt: at('11:00') });
    const early = comment('c1', { createdAt: at('10:00') });
    const reply = leaderReply('r1', 'c1', '已收到', '10:30');
    const leaderRoot = comment('l1', { authorUid: LEADER_UID, byLeader: true });
    const { citizen, leaderReplies } = sortBatch([late, reply, leaderRoot, early]);
    expect(citizen.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(leaderReplies.map((c) => c.id)).toEqual(['r1']);
  });

  it('looks up the authors of roots that are not in the batch only', () => {
    const inBatch = comment('c1');
    const replies = [
      comment('c2', { rootId: 'c1', parentId: 'c1' }),
      comment('c3', { rootId: 'old', parentId: 'old' }),
      comment('c4', { rootId: 'old', parentId: 'c3' }),
    ];
    expect(rootsToLookUp([inBatch, ...replies], [inBatch, ...replies])).toEqual(['old']);
  });

  it('takes a citizen’s own reply as a signal on their case, never as a new case', () => {
    const own = comment('c2', { rootId: 'c1', parentId: 'c1', text: '谢谢，问题已经解决了' });
    const ownQuestion = comment('c3', { rootId: 'c1', parentId: 'c1', text: '什么时候来处理？' });
    const someoneElse = comment('c4', { rootId: 'c1', parentId: 'c1', authorUid: '7000002' });
    const citizen = [classified(own), classified(ownQuestion), classified(someoneElse)];
    const plan = planIntake(citizen, [], new Map([['c1', '7000001']]));
    expect([...plan.ownThreadReplies]).toEqual(['c2', 'c3']);
    expect([...plan.signals]).toEqual([['c2', 'thanks']]);
    expect(plan.casesToLock).toEqual(['c1']);
    expect(plan.toOpen.map((c) => c.comment.id)).toEqual(['c4']);
  });

  it('opens only actionable comments', () => {
    const plan = planIntake(
      [classified(comment('c1')), classified(comment('c2'), false)],
      [],
      new Map(),
    );
    expect(plan.toOpen.map((c) => c.comment.id)).toEqual(['c1']);
    expect(plan.casesToLock).toEqual([]);
  });

  it('locks the cases of the root and of the comment a leader reply answers', () => {
    const reply = { ...leaderReply('r1', 'c1', '已处理', '10:30'), parentId: 'c0' };
    expect(replyTargets(reply)).toEqual(['c0', 'c1']);
    expect(planIntake([], [reply], new Map()).casesToLock).toEqual(['c0', 'c1']);
    expect(replyTargets(leaderReply('r2', 'c1', '已处理', '10:30'))).toEqual(['c1']);
  });

  it('sets deadlines on the working calendar from the comment’s Weibo time', () => {
    const c = classified(comment('c1', { createdAt: new Date('2025-09-30T17:30:00+08:00') }));
    expect(newCaseFor(owner, c, calendar)).toEqual({
      leaderId: 'leader-1',
      commentId: 'c1',
      kind: 'complaint',
      category: 'noise',
      openedAt: new Date('2025-09-30T09:30:00.000Z'),
      acknowledgeDeadline: new Date('2025-10-09T09:30:00.000Z'),
      resolveDeadline: new Date('2025-10-14T09:30:00.000Z'),
    });
  });
});

describe('replaying a batch', () => {
  it('lets a leader reply answer the case of the root comment it sits under', () => {
    const batch = new IntakeBatch(owner);
    batch.hold([held('c1')]);
    const reply = leaderReply('r1', 'c1', '已安排民警前往现场处置', '10:30');
    const plan = planIntake([], [reply], new Map());
    expect(batch.replay([], [reply], plan, new Map(), new Map())).toBe(0);

    expect(batch.responses()).toEqual([
      {
        id: 'case-c1',
        state: {
          ...OPEN_CASE,
          status: 'responded',
          firstResponseAt: at('10:30'),
          firstResponseBy: 'leader',
        },
        firstResponseRef: 'r1',
        firstResponseSubstantive: true,
      },
    ]);
    expect(batch.events).toEqual([
      {
        actor: SYSTEM_ACTOR,
        action: 'case.responded',
        caseId: 'case-c1',
        leaderId: 'leader-1',
        before: { status: 'open', firstResponseAt: null, firstResponseBy: null },
        after: {
          status: 'responded',
          firstResponseAt: at('10:30'),
          firstResponseBy: 'leader',
          by: 'leader',
          evidence: { weiboReplyId: 'r1' },
          reply: 'substantive',
        },
      },
    ]);
    expect(batch.logLines.map((l) => l.fields.event)).toEqual(['case.responded']);
  });

  it('ignores a leader reply older than the case, and a later one once answered', () => {
    const batch = new IntakeBatch(owner);
    batch.hold([
      held('c1', { openedAt: at('11:00') }),
      held('c2', { status: 'responded', firstResponseAt: at('09:30'), firstResponseBy: 'leader' }),
    ]);
    const replies = [
      leaderReply('r1', 'c1', '已处理', '10:30'),
      leaderReply('r2', 'c2', '已处理', '10:40'),
    ];
    batch.replay([], replies, planIntake([], replies, new Map()), new Map(), new Map());
    expect(batch.events).toEqual([]);
    expect(batch.responses()).toEqual([]);
  });

  it('judges a boilerplate reply already in a new case’s thread an acknowledgement', () => {
    const c1 = classified(comment('c1'));
    const thread = asThread([
      comment('x1', { rootId: 'c1', parentId: 'c1', authorUid: '7000009', createdAt: at('10:05') }),
      leaderReply('r1', 'c1', '您好，已收到，感谢关注！', '10:20'),
      leaderReply('r2', 'c1', '已安排民警上门', '10:40'),
    ]);
    const batch = new IntakeBatch(owner);
    batch.recordOpening(opening(c1), thread);

    expect(batch.events.map((e) => e.action)).toEqual(['case.opened', 'case.responded']);
    expect(batch.events[0]).toMatchObject({
      caseId: 'case-c1',
      before: null,
      after: {
        status: 'open',
        commentId: 'c1',
        classification: { rulesetVersion: 'test', score: 3, matches: [] },
      },
    });
    expect(batch.events[1].after).toMatchObject({
      evidence: { weiboReplyId: 'r1' },
      reply: 'acknowledgement',
    });
    expect(batch.responses()).toEqual([
      expect.objectContaining({ firstResponseRef: 'r1', firstResponseSubstantive: false }),
    ]);
  });

  it('records a citizen’s own reply as a satisfaction signal on their case, once', () => {
    const thanks = comment('c2', { rootId: 'c1', parentId: 'c1', text: '谢谢，已经解决了' });
    const again = comment('c3', {
      rootId: 'c1',
      parentId: 'c1',
      text: '感谢！',
      createdAt: at('10:10'),
    });
    const citizen = [classified(thanks), classified(again)];
    const plan = planIntake(citizen, [], new Map([['c1', '7000001']]));
    const batch = new IntakeBatch(owner);
    batch.hold([held('c1')]);
    expect(batch.replay(citizen, [], plan, new Map(), new Map())).toBe(0);

    expect(batch.signalChanges()).toEqual([{ id: 'case-c1', signal: 'thanks' }]);
    expect(batch.events).toEqual([
      {
        actor: SYSTEM_ACTOR,
        action: 'case.satisfaction_signal',
        caseId: 'case-c1',
        leaderId: 'leader-1',
        before: { satisfactionSignal: null },
        after: { satisfactionSignal: 'thanks', evidence: { weiboReplyId: 'c2' } },
      },
    ]);
  });

  it('writes the audit entries in the order the changes happened', () => {
    // c1 opens a case answered by r2 in its thread; c2 thanks on a held case
    // (root b0) that r1 answers; r2 again in the batch changes nothing.
    const c1 = comment('c1', { createdAt: at('10:00') });
    const c2 = comment('c2', {
      rootId: 'b0',
      parentId: 'b0',
      text: '谢谢',
      createdAt: at('10:10'),
    });
    const r1 = leaderReply('r1', 'b0', '已处理完毕', '10:20');
    const r2 = leaderReply('r2', 'c1', '收到', '10:30');
    const { citizen: sorted, leaderReplies } = sortBatch([r2, c2, r1, c1]);
    const citizen = sorted.map((c) => classified(c));
    const plan = planIntake(citizen, leaderReplies, new Map([['b0', '7000001']]));
    expect(plan.casesToLock).toEqual(['b0', 'c1']);
    expect(plan.toOpen.map((c) => c.comment.id)).toEqual(['c1']);

    const batch = new IntakeBatch(owner);
    batch.hold([held('b0')]);
    const opened = new Map([['c1', opening(citizen[0])]]);
    const threads = new Map([['c1', asThread([r2])]]);
    expect(batch.replay(citizen, leaderReplies, plan, opened, threads)).toBe(1);

    expect(batch.events.map((e) => [e.action, e.caseId])).toEqual([
      ['case.opened', 'case-c1'],
      ['case.responded', 'case-c1'],
      ['case.satisfaction_signal', 'case-b0'],
      ['case.responded', 'case-b0'],
    ]);
    expect(batch.logLines.map((l) => l.message)).toEqual([
      'case opened',
      'leader reply found',
      'leader reply found',
    ]);
    expect(batch.responses().map((r) => [r.id, r.firstResponseRef])).toEqual([
      ['case-b0', 'r1'],
      ['case-c1', 'r2'],
    ]);
    expect(batch.signalChanges()).toEqual([{ id: 'case-b0', signal: 'thanks' }]);
  });
});
