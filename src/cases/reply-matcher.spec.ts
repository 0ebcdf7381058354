import {
  isOnlyBoilerplate,
  analyseLeaderReply,
  classifyLeaderReply,
  findLeaderResponse,
  isBoilerplate,
  type ThreadComment,
} from './reply-matcher';

describe('isBoilerplate: acknowledgements', () => {
  it.each([
    '已收到',
    '收到',
    '收到！',
    '回复@市民小王:已收到',
    '回复@市民小王：已转相关部门。',
    '已转交',
    '感谢关注',
    '感谢您的关注！[心]',
    '谢谢反馈',
    '已记录',
    '已关注[good]',
    '请私信',
    '请拨打12345反映',
    '请拨打110报警',
    '如遇紧急情况请及时拨打110报警',
    '[赞][赞]',
    '您好，您反映的问题已收到，我们已转相关部门核实处理，感谢您的关注与支持！',
    '已转相关部门，会尽快处理，请耐心等待。',
    '回复@张三:回复@李四:收到，马上跟进',
    '<a href="/n/张三">@张三</a> 已收到，谢谢',
    '已轉相關部門',
    '感謝關注',
    '请私信具体位置',
    '好的，了解',
    '谢谢您的监督',
    '已转交城南派出所处理',
    '已责成属地派出所调查处理',
    '这个问题我们高度重视',
  ])('%s', (text) => {
    expect(isBoilerplate(text)).toBe(true);
    expect(classifyLeaderReply(text)).toBe('acknowledgement');
  });
});

describe('isBoilerplate: substantive replies', () => {
  it.each([
    '已安排民警前往现场处置',
    '回复@市民小王:经核实，该路段违停车辆已全部清理，并已对车主进行处罚。',
    '已处理',
    '已查处涉事商户',
    '已督促物业整改，下周复查',
    '民警已于今日15时上门了解情况，并已联系双方调解',
    '该路口信号灯已修复，感谢反馈',
    '您好，办理居住证需携带身份证和租房合同到辖区派出所',
    '被骗的3000元已追回，请到城南派出所领取',
    '噪音问题已约谈施工单位，夜间22点后停止施工',
    '回复@李女士:经查，该店铺无证经营，已责令停业整顿',
    '已联系您所在社区网格员，明天上午上门查看',
    '该事项已办结，处理结果已短信告知您',
    '这个小区门口的停车位划线方案已经报给交警大队审批了',
    '您说的那段路下个月开始修，届时会封闭半幅通行',
    '嫌疑人已被抓获，案件正在进一步侦办中',
    '已增派两名辅警在早高峰时段疏导交通',
  ])('%s', (text) => {
    expect(isBoilerplate(text)).toBe(false);
    expect(classifyLeaderReply(text)).toBe('substantive');
  });

  it('explains its decision', () => {
    expect(analyseLeaderReply('回复@王:已收到，感谢关注[心]')).toEqual({
      classification: 'acknowledgement',
      markers: [],
      residue: '',
    });
    expect(analyseLeaderReply('民警已于9时到场').markers).toEqual(
      expect.arrayContaining(['民警已', '到场', 'number']),
    );
  });

  it('does not take a hotline number for a specific', () => {
    expect(analyseLeaderReply('请拨打12345').markers).toEqual([]);
    expect(analyseLeaderReply('请拨打12345，工单号20250301').markers).toEqual(['number']);
  });
});

describe('isOnlyBoilerplate: what may never resolve a case', () => {
  it.each([
    '已收到',
    '感谢关注',
    '已转相关部门',
    '您好，已收到，感谢您的反馈！',
    '[赞] 谢谢支持',
    '',
  ])('nothing but stock phrases: %p', (text) => {
    expect(isOnlyBoilerplate(text)).toBe(true);
  });

  it.each([
    '已退款',
    '已赔偿',
    '问题已修好',
    '路灯已亮',
    '已完成维修',
    '已停止施工',
    '监控已装好',
    '已归还',
    '搞定了',
  ])(
    'a short note of what was done, though isBoilerplate takes it for an acknowledgement: %p',
    (text) => {
      expect(isOnlyBoilerplate(text)).toBe(false);
    },
  );
});

describe('findLeaderResponse', () => {
  const leaderUid = '5000001';
  const citizenAt = new Date('2025-03-03T02:00:00Z');
  const comment = (
    id: string,
    authorUid: string | number,
    at: string,
    text: string,
    parentId: string | null = '100',
  ): ThreadComment => ({
    id,
    authorUid,
    createdAt: new Date(at),
    text,
    parentId,
  });

  it('finds the earliest reply by the leader after the citizen comment, whatever the order given', () => {
    const thread = [
      comment('100', '42', '2025-03-03T02:00:00Z', '路口天天堵', null),
      comment('104', leaderUid, '2025-03-04T01:00:00Z', '回复@市民:已安排交警在早高峰疏导'),
      comment('102', '43', '2025-03-03T03:00:00Z', '同感'),
      comment('103', 5000001, '2025-03-03T08:00:00Z', '回复@市民:已收到'),
    ];
    expect(findLeaderResponse(thread, leaderUid, citizenAt)).toEqual({
      replyId: '103',
      at: new Date('2025-03-03T08:00:00Z'),
      substantive: false,
    });
  });

  it('says whether the first reply was substantive', () => {
    const thread = [
      comment('104', leaderUid, '2025-03-04T01:00:00Z', '回复@市民:已安排交警在早高峰疏导'),
    ];
    expect(findLeaderResponse(thread, 5000001, citizenAt)?.substantive).toBe(true);
  });

  it('ignores other users and replies older than the citizen comment', () => {
    const thread = [
      comment('90', leaderUid, '2025-03-02T00:00:00Z', '早先的回复'),
      comment('101', '42', '2025-03-03T05:00:00Z', '已收到'),
    ];
    expect(findLeaderResponse(thread, leaderUid, citizenAt)).toBeNull();
    expect(findLeaderResponse([], leaderUid, citizenAt)).toBeNull();
  });

  it('accepts a reply in the same second as the comment and breaks ties by the smaller Weibo id', () => {
    const thread = [
      comment('5128800000000000010', leaderUid, '2025-03-03T02:00:00Z', '收到'),
      comment('512880000000000009', leaderUid, '2025-03-03T02:00:00Z', '收到'),
    ];
    expect(findLeaderResponse(thread, leaderUid, citizenAt)?.replyId).toBe('512880000000000009');
  });
});
