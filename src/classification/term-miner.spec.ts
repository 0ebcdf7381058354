import { isCandidateToken, mineTerms } from './term-miner';

function docs(
  label: string,
  count: number,
  tokens: string[],
): { label: string; tokens: string[] }[] {
  return Array.from({ length: count }, () => ({ label, tokens }));
}

describe('mineTerms', () => {
  const corpus = [
    ...docs('traffic', 10, ['红绿灯', '路口', '反映', '情况']),
    ...docs('traffic', 5, ['出租车', '反映']),
    ...docs('labour', 10, ['工资', '拖欠', '反映', '情况']),
    ...docs('labour', 5, ['社保', '反映']),
  ];

  it('proposes the words that set a label apart, not the ones all labels share', () => {
    const mined = mineTerms(corpus, { priorMass: 100 });
    const traffic = mined.traffic.map((t) => t.term);
    expect(traffic).toEqual(expect.arrayContaining(['红绿灯', '出租车', '路口']));
    expect(traffic).not.toContain('情况');
    expect(mined.labour.map((t) => t.term)).toEqual(
      expect.arrayContaining(['工资', '拖欠', '社保']),
    );
  });

  it('orders by z-score and caps weights', () => {
    const mined = mineTerms(corpus, { priorMass: 100, maxWeight: 1.5 });
    const z = mined.traffic.map((t) => t.z);
    expect([...z].sort((a, b) => b - a)).toEqual(z);
    expect(mined.traffic[0].term).toBe('红绿灯');
    for (const t of mined.traffic) {
      expect(t.weight).toBeGreaterThan(0);
      expect(t.weight).toBeLessThanOrEqual(1.5);
    }
  });

  it('drops rare terms and limits the list', () => {
    const mined = mineTerms([...corpus, { label: 'traffic', tokens: ['罕见词'] }], {
      priorMass: 100,
      minCount: 2,
      maxTermsPerLabel: 2,
    });
    expect(mined.traffic.map((t) => t.term)).not.toContain('罕见词');
    expect(mined.traffic).toHaveLength(2);
  });

  it('counts a term in the opening sentence (a subject line) as leadWeight documents', () => {
    const letters = [
      ...corpus,
      { label: 'traffic', tokens: ['渣土车', '。', '反映', '情况'] },
      { label: 'labour', tokens: ['反映', '。', '情况', '渣土'] },
    ];
    const weighted = mineTerms(letters, { priorMass: 100, minZ: 0, leadWeight: 2 });
    const term = weighted.traffic.find((t) => t.term === '渣土车');
    expect(term?.count).toBe(1);
    const plain = mineTerms(letters, { priorMass: 100, minZ: 0, leadWeight: 1 });
    expect(plain.traffic.map((t) => t.term)).not.toContain('渣土车');
    // A term after the first sentence end, or in a text without one, counts once.
    expect(weighted.labour.map((t) => t.term)).not.toContain('渣土');
  });

  it('can propose adjacent token pairs as phrases', () => {
    const mined = mineTerms(corpus, { priorMass: 100, bigrams: true });
    expect(mined.labour.map((t) => t.term)).toContain('工资拖欠');
  });
});

describe('isCandidateToken', () => {
  it('keeps Chinese words of two or more characters, not stop words, digits or the anonymised A市', () => {
    expect(isCandidateToken('噪音')).toBe(true);
    expect(isCandidateToken('噪')).toBe(false);
    expect(isCandidateToken('我们')).toBe(false);
    expect(isCandidateToken('A3')).toBe(false);
    expect(isCandidateToken('12345')).toBe(false);
  });
});
