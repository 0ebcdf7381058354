import { detectSatisfactionSignal, parseSatisfactionLevel } from './reply-matcher';

describe('parseSatisfactionLevel', () => {
  it.each([
    ['满意', '满意', 100],
    ['较满意', '较满意', 75],
    ['一般', '一般', 50],
    ['不满意', '不满意', 0],
    ['滿意', '满意', 100],
    ['較滿意', '较满意', 75],
    ['不滿意', '不满意', 0],
    ['  满意 ', '满意', 100],
    ['\u3000较满意\n', '较满意', 75],
  ])('%j → %s (%i)', (input, level, score) => {
    expect(parseSatisfactionLevel(input)).toEqual({ level, score });
  });

  it.each([
    '',
    ' ',
    '非常满意',
    '满 意',
    'satisfied',
    '100',
    '满意。',
    'toString',
    '__proto__',
    '很不满意',
  ])('%j → null', (input) => {
    expect(parseSatisfactionLevel(input)).toBeNull();
  });

  it('returns null for a value that is not a string', () => {
    expect(parseSatisfactionLevel(3 as unknown as string)).toBeNull();
  });
});

describe('detectSatisfactionSignal', () => {
  it.each([
    '谢谢！',
    '感谢民警同志',
    '已解决，谢谢',
    '问题解决了，非常满意',
    '给你们点赞[赞]',
    '辛苦了',
    '多謝，已經解決了',
    '回复@某某公安:好的，谢谢',
    '[鼓掌][鼓掌]',
  ])('%s → thanks', (text) => {
    expect(detectSatisfactionSignal(text)).toBe('thanks');
  });

  it.each([
    '还是没人管',
    '不满意',
    '不太满意',
    '谢谢你们的敷衍',
    '又来了，昨晚又吵到两点',
    '问题依然存在',
    '再次投诉！',
    '到现在还没解决',
    '根本没有处理',
    '並沒有解決',
    '还在施工，半夜还在响',
    '回复了等于没回复，没用',
    '[怒][怒]',
    '不是很满意',
  ])('%s → complaint_again', (text) => {
    expect(detectSatisfactionSignal(text)).toBe('complaint_again');
  });

  it.each(['解决了吗？', '什么时候处理', '好的', '又快又好地办了吗？', '', '收到'])(
    '%j → no signal',
    (text) => {
      expect(detectSatisfactionSignal(text)).toBeNull();
    },
  );
});
