import { hideMentions } from './citizen-masking';
import { toThreadView, type ThreadReply } from './case-thread';

const reply = (id: string, minute: number, byLeader = false): ThreadReply => ({
  weiboId: id,
  parentId: null,
  authorName: byLeader ? '平安A市' : `市民${id}`,
  authorUid: byLeader ? '100' : `u${id}`,
  byLeader,
  text: `回复 ${id}`,
  createdAt: new Date(Date.UTC(2025, 9, 13, 12, minute)),
  withdrawnAt: null,
});

describe('toThreadView', () => {
  it('orders the thread oldest first, ties by id', () => {
    const view = toThreadView([reply('3', 5), reply('2', 1), reply('1', 5)], null, false);
    expect(view.map((r) => r.weiboId)).toEqual(['2', '1', '3']);
  });

  it('marks the leader reply that was the first response, and only that one', () => {
    const view = toThreadView(
      [reply('1', 1, true), reply('2', 2, true), reply('3', 3)],
      '2',
      false,
    );
    expect(view.map((r) => [r.weiboId, r.byLeader, r.firstResponse])).toEqual([
      ['1', true, false],
      ['2', true, true],
      ['3', false, false],
    ]);
  });

  it('never marks a citizen reply as the first response, even if its id is the reference', () => {
    expect(toThreadView([reply('9', 1)], '9', false)[0].firstResponse).toBe(false);
  });

  it('masks citizens for callers that may not see them, never the leader', () => {
    const [leader, citizen] = toThreadView([reply('1', 1, true), reply('2', 2)], '1', true);
    expect(leader).toMatchObject({ authorName: '平安A市', authorUid: '100', weiboId: null });
    expect(citizen).toMatchObject({
      authorName: '***',
      authorUid: null,
      text: '***',
      weiboId: null,
      parentId: null,
    });
  });
});

describe('hideMentions', () => {
  it('hides the names a leader reply mentions, keeps its words', () => {
    expect(hideMentions('回复@市民小李:已转交辖区派出所，@张_三 请留意')).toBe(
      '回复@***:已转交辖区派出所，@*** 请留意',
    );
  });
});
