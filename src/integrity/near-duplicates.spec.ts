import { clusterText, jaccard, MIN_SHINGLES, placeCases, shingles } from './near-duplicates';

const at = (h: number) => new Date(Date.UTC(2025, 2, 3, h));
const c = (id: string, h: number, text: string, clusterId: string | null = null) => ({
  id,
  openedAt: at(h),
  text,
  clusterId,
});

const A = '幸福小区门口的烧烤摊每天半夜还在营业，油烟和噪音扰民，希望城管尽快处理';
const A2 = '回复@张三:幸福小区门口烧烤摊每天半夜还在营业！油烟噪音扰民，希望城管尽快处理[怒]';
const B = '我家老人走失了，穿灰色外套，最后出现在火车站附近，请帮忙寻找';

describe('clusterText and shingles', () => {
  it('drops the reply prefix, emoji, mentions, punctuation, and links without the Chinese after them', () => {
    expect(clusterText('回复@张三:油烟扰民！[怒] <a href="/n/李四">@李四</a>')).toBe('油烟扰民');
    expect(clusterText('https://baidu.com/.20开盘，当天售罄')).toBe('开盘当天售罄');
    expect(clusterText('ＡＢＣ 噪音')).toBe('abc噪音');
  });

  it('cuts character bigrams, and measures Jaccard', () => {
    expect([...shingles('噪音扰民')]).toEqual(['噪音', '音扰', '扰民']);
    expect(jaccard(shingles('噪音扰民'), shingles('噪音扰民'))).toBe(1);
    expect(jaccard(shingles('噪音扰民'), shingles('油烟扰民'))).toBeCloseTo(1 / 5);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });
});

describe('placeCases', () => {
  it('joins a reworded repeat to the first case and leaves a different problem alone', () => {
    const { placements, founders } = placeCases([], [c('2', 2, A2), c('1', 1, A), c('3', 3, B)]);
    expect(placements).toEqual([
      { caseId: '1', clusterId: '1', matchedCaseId: null, similarity: 0 },
      expect.objectContaining({ caseId: '2', clusterId: '1', matchedCaseId: '1' }),
      { caseId: '3', clusterId: null, matchedCaseId: null, similarity: 0 },
    ]);
    expect(placements[1].similarity).toBeGreaterThanOrEqual(0.5);
    expect(founders).toEqual([]);
  });

  it('joins an existing cluster, and makes an earlier lone case a founder', () => {
    expect(placeCases([c('1', 1, A, '1')], [c('2', 2, A2)]).placements[0].clusterId).toBe('1');
    const joined = placeCases([c('1', 1, A)], [c('2', 2, A2)]);
    expect(joined).toEqual({
      placements: [expect.objectContaining({ caseId: '2', clusterId: '1' })],
      founders: ['1'],
    });
  });

  it('never joins short texts, nor cases opened later than the newcomer', () => {
    expect(shingles('同问').size).toBeLessThan(MIN_SHINGLES);
    expect(
      placeCases([], [c('1', 1, '同问'), c('2', 2, '同问')]).placements.map((p) => p.clusterId),
    ).toEqual([null, null]);
    expect(placeCases([c('9', 9, A, null)], [c('2', 2, A2)]).placements[0].clusterId).toBeNull();
  });

  it('keeps the threshold: a pair just below it stays apart', () => {
    const placements = placeCases([], [c('1', 1, A), c('2', 2, A2)], 0.99).placements;
    expect(placements.map((p) => p.clusterId)).toEqual([null, null]);
  });
});
