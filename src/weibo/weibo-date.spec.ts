import { parseWeiboDate } from './weibo-date';

// 2025-01-04 14:07:28 in Shanghai.
const NOW = new Date('2025-01-04T06:07:28Z');

describe('parseWeiboDate', () => {
  it('reads the full form with its offset', () => {
    expect(parseWeiboDate('Sat Jan 04 14:07:28 +0800 2025', NOW)?.toISOString()).toBe(
      '2025-01-04T06:07:28.000Z',
    );
    expect(parseWeiboDate('Tue Dec 31 23:59:59 -0130 2024', NOW)?.toISOString()).toBe(
      '2025-01-01T01:29:59.000Z',
    );
  });

  it.each([
    ['刚刚', '2025-01-04T06:07:28.000Z'],
    ['30秒前', '2025-01-04T06:06:58.000Z'],
    ['5分钟前', '2025-01-04T06:02:28.000Z'],
    ['3小时前', '2025-01-04T03:07:28.000Z'],
    ['2天前', '2025-01-02T06:07:28.000Z'],
    ['今天 09:15', '2025-01-04T01:15:00.000Z'],
    ['昨天 12:00', '2025-01-03T04:00:00.000Z'],
    ['昨天 00:30', '2025-01-02T16:30:00.000Z'],
    ['01-02', '2025-01-01T16:00:00.000Z'],
    ['01-02 08:30', '2025-01-02T00:30:00.000Z'],
    ['2023-04-24', '2023-04-23T16:00:00.000Z'],
    ['2023-04-24 10:11:12', '2023-04-24T02:11:12.000Z'],
  ])('reads %s relative to now in Asia/Shanghai', (input, expected) => {
    expect(parseWeiboDate(input, NOW)?.toISOString()).toBe(expected);
  });

  it('reads MM-DD still ahead of now as last year', () => {
    expect(parseWeiboDate('04-24', NOW)?.toISOString()).toBe('2024-04-23T16:00:00.000Z');
  });

  it('uses the Shanghai calendar day, not the UTC one, for 昨天', () => {
    // 2025-01-04 00:30 in Shanghai is still 2025-01-03 in UTC.
    const earlyMorning = new Date('2025-01-03T16:30:00Z');
    expect(parseWeiboDate('昨天 23:00', earlyMorning)?.toISOString()).toBe(
      '2025-01-03T15:00:00.000Z',
    );
    expect(parseWeiboDate('01-04', earlyMorning)?.toISOString()).toBe('2025-01-03T16:00:00.000Z');
  });

  it('crosses the year for 昨天 on New Year', () => {
    const newYear = new Date('2024-12-31T17:00:00Z'); // 2025-01-01 01:00 Shanghai
    expect(parseWeiboDate('昨天 22:00', newYear)?.toISOString()).toBe('2024-12-31T14:00:00.000Z');
  });

  it.each(['', 'yesterday', '02-30', '2025-13-01', '昨天 25:00', 'Sat Foo 04 14:07:28 +0800 2025'])(
    'returns null for %j',
    (input) => {
      expect(parseWeiboDate(input, NOW)).toBeNull();
    },
  );
});
