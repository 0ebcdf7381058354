import { compileLearned, contributions, scoreLearned } from './learned-scorer';
import { featureValues } from './learn/features';
import { LearnedModel } from './ruleset';

const model: LearnedModel = {
  skip: ['的'],
  leadTokens: 1,
  leadWeight: 1,
  referenceLength: 25,
  minProbability: 0.5,
  minTokens: 40,
  sureProbability: 0.9,
  categories: {
    urban: {
      bias: 0.1,
      terms: [
        { term: '物业', weight: 1.5 },
        { term: '小区 物业', weight: 0.5 },
      ],
    },
    traffic: {
      bias: -0.1,
      terms: [
        { term: '公交', weight: 2 },
        { term: '物业', weight: -0.5 },
      ],
    },
  },
};

describe('learned scorer', () => {
  const compiled = compileLearned(model);

  it('sums bias plus weight × value, the same values training saw', () => {
    const tokens = ['小区', '的', '物业', '，', '物业', '公交'];
    const scores = scoreLearned(compiled, tokens);
    const values = featureValues(tokens, {
      skip: new Set(model.skip),
      leadTokens: 1,
      leadWeight: 1,
      referenceLength: 25,
    });
    const urban = compiled.labels.indexOf('urban');
    const traffic = compiled.labels.indexOf('traffic');
    const expected = 0.1 + 1.5 * (values.get('物业') ?? 0) + 0.5 * (values.get('小区 物业') ?? 0);
    expect(scores.logits[urban]).toBeCloseTo(expected);
    expect(scores.logits[traffic]).toBeCloseTo(-0.1 + 2 - 0.5 * (values.get('物业') ?? 0));
    expect(compiled.labels[scores.best]).toBe('urban');
    expect(scores.length).toBe(4);
  });

  it('explains a label by its terms, largest contribution first', () => {
    const scores = scoreLearned(compiled, ['小区', '物业', '物业']);
    const terms = contributions(compiled, scores, compiled.labels.indexOf('urban'), 8);
    expect(terms.map((t) => t.term)).toEqual(['物业', '小区 物业']);
    expect(terms[0].contribution).toBeCloseTo(1.5 * (1 + 1 / Math.SQRT2));
    expect(terms[1]).toEqual({ term: '小区 物业', weight: 0.5, contribution: 0.5 });
  });

  it('lists the top terms as a full sort by contribution, then term, would', () => {
    // Twelve terms, weights with ties, so that the order needs the term too.
    const words = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸', '子', '丑'];
    const many = compileLearned({
      ...model,
      categories: {
        urban: {
          bias: 0,
          terms: words.map((term, i) => ({ term, weight: i % 3 === 0 ? 1 : 0.5 + i / 10 })),
        },
        traffic: { bias: 0, terms: [{ term: '甲', weight: -1 }] },
      },
    });
    const urban = many.labels.indexOf('urban');
    const tokens = [
      '丑',
      '甲',
      '子',
      '丁',
      '乙',
      '甲',
      '庚',
      '辛',
      '壬',
      '丙',
      '癸',
      '己',
      '戊',
      '丁',
    ];
    const scores = scoreLearned(many, tokens);
    const all: { term: string; weight: number; contribution: number }[] = [];
    for (let k = 0; k < scores.featureCount; k++) {
      const id = scores.featureIds[k];
      const weight = many.weights[id * many.labels.length + urban];
      all.push({
        term: many.featureTerm[id],
        weight,
        contribution: weight * scores.featureValues[k],
      });
    }
    all.sort((a, b) => b.contribution - a.contribution || (a.term < b.term ? -1 : 1));
    for (const limit of [0, 1, 3, 5, 12, 20]) {
      expect(contributions(many, scores, urban, limit)).toEqual(all.slice(0, limit));
    }
    expect(all.length).toBe(12);
  });

  it('finds nothing in a text without its terms', () => {
    const scores = scoreLearned(compiled, ['你好', '！']);
    expect(scores.featureCount).toBe(0);
    expect(scores.probability).toBeCloseTo(1 / (1 + Math.exp(-0.2)));
  });
});
