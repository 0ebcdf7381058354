import {
  computeIntegrityFlags,
  DEFAULT_THRESHOLDS,
  type FlagCase,
  type FlagInputs,
  type IntegrityFlag,
} from './integrity-flags';

const base = Date.parse('2025-03-03T02:00:00Z');
const at = (minute: number) => new Date(base + minute * 60_000);

const kase = (id: string, fields: Partial<FlagCase> = {}): FlagCase => ({
  id,
  kind: 'complaint',
  status: 'open',
  outcome: null,
  closedAt: null,
  ...fields,
});

const empty = (): FlagInputs => ({ cases: [], leaderReplies: [], followUps: [], surveys: [] });

function flagOf(inputs: FlagInputs, type: IntegrityFlag['type'], thresholds = DEFAULT_THRESHOLDS) {
  const found = computeIntegrityFlags(inputs, thresholds).find((f) => f.type === type);
  if (found === undefined) {
    throw new Error(`no ${type}`);
  }
  return found;
}

const reply = (caseId: string, text: string, minute = 0, withdrawnAt: Date | null = null) => ({
  caseId,
  replyId: `r-${caseId}-${minute}`,
  authorUid: '1001',
  at: at(minute),
  text,
  withdrawnAt,
});

describe('computeIntegrityFlags', () => {
  it('always returns the seven flags, empty on no cases', () => {
    const flags = computeIntegrityFlags(empty(), DEFAULT_THRESHOLDS);
    expect(flags.map((f) => f.type)).toEqual([
      'copy_paste_replies',
      'boilerplate_only',
      'bulk_closure',
      'closed_without_response',
      'withdrawn_replies',
      'survey_burst',
      'self_rated',
    ]);
    expect(flags.every((f) => f.count === 0 && f.denominator === 0)).toBe(true);
  });

  describe('copy_paste_replies', () => {
    const inputs = (): FlagInputs => ({
      ...empty(),
      cases: ['a', 'b', 'c', 'd'].map((id) => kase(id, { status: 'responded' })),
      leaderReplies: [
        reply('a', '回复@张三:您反映的路灯问题已安排维修，本周内修好！'),
        reply('b', '回复@李四：您反映的路灯问题，已安排维修 本周内修好[微笑]', 5),
        reply('c', '<a href="/n/王五">@王五</a> 您反映的路灯问题已安排维修本周内修好。', 9),
        reply('d', '您反映的噪音问题已转城管处理', 12),
      ],
    });

    it('flags the same text after its prefix, punctuation and emoji are ignored, on 3 cases', () => {
      const found = flagOf(inputs(), 'copy_paste_replies');
      expect(found).toMatchObject({ count: 3, denominator: 4, caseIds: ['a', 'b', 'c'] });
      expect(found.evidence).toEqual([
        {
          caseIds: ['a', 'b', 'c'],
          actor: 'weibo:1001',
          actors: ['weibo:1001'],
          from: at(0),
          to: at(9),
          detail: { text: '您反映的路灯问题已安排维修本周内修好', responses: 3 },
        },
      ]);
    });

    it('needs the threshold of different cases: two replies on one case count once', () => {
      const i = inputs();
      i.leaderReplies = i.leaderReplies.filter((r) => r.caseId !== 'c');
      i.leaderReplies.push(reply('a', '您反映的路灯问题已安排维修本周内修好', 30));
      expect(flagOf(i, 'copy_paste_replies').count).toBe(0);
      expect(
        flagOf(i, 'copy_paste_replies', { ...DEFAULT_THRESHOLDS, copyPasteMinCases: 2 }),
      ).toMatchObject({
        count: 2,
      });
    });

    it('counts staff responses too, under their key', () => {
      const i = inputs();
      i.leaderReplies = i.leaderReplies.slice(0, 2);
      i.followUps = [
        {
          caseId: 'c',
          id: 'f1',
          type: 'resolved',
          text: '您反映的路灯问题已安排维修，本周内修好',
          actor: 'apikey:s1',
          at: at(40),
        },
      ];
      const found = flagOf(i, 'copy_paste_replies');
      expect(found.evidence[0]).toMatchObject({ actor: null, actors: ['apikey:s1', 'weibo:1001'] });
    });
  });

  it('boilerplate_only: cases whose every response only acknowledges', () => {
    const i: FlagInputs = {
      ...empty(),
      cases: ['a', 'b', 'c', 'd'].map((id) => kase(id)),
      leaderReplies: [
        reply('a', '回复@张三:已收到'),
        reply('b', '回复@李四:已转相关部门'),
        reply('b', '已联系派出所民警上门处理，噪音源已关停', 60),
        reply('c', '感谢关注'),
      ],
      followUps: [
        { caseId: 'c', id: 'f', type: 'responded', text: '已收到', actor: 'apikey:s', at: at(3) },
      ],
    };
    const found = flagOf(i, 'boilerplate_only');
    expect(found).toMatchObject({ count: 2, denominator: 3, caseIds: ['a', 'c'] });
    expect(found.evidence.find((e) => e.caseIds[0] === 'c')).toMatchObject({
      detail: { responses: 2 },
    });
  });

  it('bulk_closure: 10 closures by one key within 10 minutes, not 9, not another key', () => {
    const ids = Array.from({ length: 12 }, (_, n) => `k${String(n).padStart(2, '0')}`);
    const i: FlagInputs = {
      ...empty(),
      cases: ids.map((id) => kase(id, { status: 'closed', outcome: 'not_actionable' })),
      followUps: ids.map((id, n) => ({
        caseId: id,
        id: `f${n}`,
        type: n % 2 === 0 ? ('resolved' as const) : ('not_actionable' as const),
        text: '处理完毕',
        actor: n < 10 ? 'apikey:fast' : 'apikey:other',
        at: at(n),
      })),
    };
    const found = flagOf(i, 'bulk_closure');
    expect(found).toMatchObject({ count: 10, denominator: 12, caseIds: ids.slice(0, 10) });
    expect(found.evidence).toEqual([
      expect.objectContaining({
        actor: 'apikey:fast',
        from: at(0),
        to: at(9),
        detail: { closures: 10 },
      }),
    ]);
    i.followUps[9] = { ...i.followUps[9], actor: 'apikey:other' };
    expect(flagOf(i, 'bulk_closure').count).toBe(0);
  });

  it('closed_without_response: complaints and help closed away unanswered, not inquiries, not answered ones', () => {
    const i: FlagInputs = {
      ...empty(),
      cases: [
        kase('a', { status: 'closed', outcome: 'not_actionable', closedAt: at(5) }),
        kase('b', { kind: 'help', status: 'closed', outcome: 'duplicate', closedAt: at(6) }),
        kase('c', { status: 'closed', outcome: 'duplicate', closedAt: at(7) }),
        kase('d', {
          kind: 'inquiry',
          status: 'closed',
          outcome: 'not_actionable',
          closedAt: at(8),
        }),
        kase('e', { status: 'closed', outcome: 'referred', closedAt: at(9) }),
      ],
      leaderReplies: [reply('c', '已联系当事人')],
      followUps: ['a', 'b', 'c', 'd'].map((caseId, n) => ({
        caseId,
        id: `f${n}`,
        type:
          caseId === 'b' || caseId === 'c' ? ('duplicate' as const) : ('not_actionable' as const),
        text: '不属于受理范围',
        actor: 'apikey:s',
        at: at(5 + n),
      })),
    };
    const found = flagOf(i, 'closed_without_response');
    expect(found).toMatchObject({ count: 2, denominator: 3, caseIds: ['a', 'b'] });
    expect(found.evidence[1]).toMatchObject({
      actor: 'apikey:s',
      from: at(6),
      detail: { outcome: 'duplicate' },
    });
  });

  it('withdrawn_replies: leader replies withdrawn, over cases with a leader reply', () => {
    const i: FlagInputs = {
      ...empty(),
      cases: ['a', 'b', 'c'].map((id) => kase(id)),
      leaderReplies: [reply('a', '已处理', 0, at(120)), reply('b', '已处理', 1)],
    };
    const found = flagOf(i, 'withdrawn_replies');
    expect(found).toMatchObject({ count: 1, denominator: 2, caseIds: ['a'] });
    expect(found.evidence[0].detail).toEqual({
      replyId: 'r-a-0',
      withdrawnAt: at(120).toISOString(),
    });
  });

  it('survey_burst: 20 surveys by one key within 10 minutes', () => {
    const ids = Array.from({ length: 21 }, (_, n) => `s${String(n).padStart(2, '0')}`);
    const i: FlagInputs = {
      ...empty(),
      cases: ids.map((id) => kase(id)),
      surveys: ids.map((caseId, n) => ({
        caseId,
        id: `v${n}`,
        actor: 'apikey:s',
        at: at(n * 0.5),
      })),
    };
    expect(flagOf(i, 'survey_burst')).toMatchObject({ count: 21, denominator: 21 });
    i.surveys = i.surveys.map((s, n) => ({ ...s, at: at(n) })); // 21 surveys over 20 minutes: 11 per window
    expect(flagOf(i, 'survey_burst').count).toBe(0);
  });

  it('self_rated: the key that resolved the case recorded its survey', () => {
    const i: FlagInputs = {
      ...empty(),
      cases: ['a', 'b', 'c'].map((id) => kase(id, { status: 'resolved', outcome: 'resolved' })),
      followUps: ['a', 'b', 'c'].map((caseId, n) => ({
        caseId,
        id: `f${n}`,
        type: 'resolved' as const,
        text: '已解决',
        actor: 'apikey:resolver',
        at: at(n),
      })),
      surveys: [
        { caseId: 'a', id: 'v1', actor: 'apikey:resolver', at: at(30) },
        { caseId: 'b', id: 'v2', actor: 'apikey:callcentre', at: at(31) },
      ],
    };
    const found = flagOf(i, 'self_rated');
    expect(found).toMatchObject({ count: 1, denominator: 2, caseIds: ['a'] });
    expect(found.evidence[0]).toMatchObject({
      actor: 'apikey:resolver',
      detail: { resolvedAt: at(0).toISOString(), surveyedAt: at(30).toISOString() },
    });
  });

  it('ignores rows of cases outside the window', () => {
    const i: FlagInputs = {
      ...empty(),
      cases: [kase('a')],
      leaderReplies: [reply('zz', '已收到', 0, at(3))],
      surveys: [{ caseId: 'zz', id: 'v', actor: 'k', at: at(0) }],
    };
    const flags = computeIntegrityFlags(i, DEFAULT_THRESHOLDS);
    expect(flags.every((f) => f.count === 0 && f.denominator === 0)).toBe(true);
  });
});
