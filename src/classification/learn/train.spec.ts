import { fitLogistic } from './logistic';
import { learnTerms, removedTokens } from './train';

const docs = [
  ...Array.from({ length: 20 }, (_, i) => ({
    label: 'traffic',
    tokens: ['公交', '线路', `站${i % 4}`, '司机'],
  })),
  ...Array.from({ length: 20 }, (_, i) => ({
    label: 'education',
    tokens: ['学校', '老师', `班${i % 4}`, '学生'],
  })),
];

describe('logistic regression', () => {
  it('separates two classes and predicts the training labels', () => {
    const data = {
      start: Int32Array.from([0, 1, 2, 3, 4]),
      index: Int32Array.from([0, 0, 1, 1]),
      value: Float64Array.from([1, 1, 1, 1]),
      label: Int32Array.from([0, 0, 1, 1]),
      features: 2,
      classes: 2,
    };
    const model = fitLogistic(data, { l2: 1e-3 });
    expect(model.weights[0] - model.weights[1]).toBeGreaterThan(1); // feature 0 → class 0
    expect(model.weights[3] - model.weights[2]).toBeGreaterThan(1); // feature 1 → class 1
  });
});

describe('learnTerms', () => {
  const options = {
    skip: new Set<string>(),
    leadTokens: 0,
    leadWeight: 0,
    referenceLength: 25,
    minDocs: 3,
    l2: 1e-3,
    termsPerLabel: 3,
    minWeight: 0.01,
  };

  it('writes each label a bias and its strongest terms, pairs included, largest first', () => {
    const learned = learnTerms(docs, options);
    expect(Object.keys(learned)).toEqual(['education', 'traffic']);
    const traffic = learned.traffic.terms;
    expect(traffic[0].weight).toBeGreaterThan(0);
    expect(traffic.map((t) => t.weight)).toEqual(
      [...traffic.map((t) => t.weight)].sort((a, b) => b - a),
    );
    const trafficWords = ['公交', '线路', '司机', '站0', '站1', '站2', '站3'];
    const fromTraffic = (term: string): boolean =>
      term.split(' ').every((t) => trafficWords.includes(t));
    const positive = traffic.filter((t) => t.weight > 0);
    expect(positive.length).toBeGreaterThan(0);
    expect(positive.every((t) => fromTraffic(t.term))).toBe(true);
    // A term kept for one label carries its weight for every label: negative for the other.
    const negative = traffic.filter((t) => t.weight < 0);
    expect(negative.length).toBeGreaterThan(0);
    expect(negative.every((t) => !fromTraffic(t.term))).toBe(true);
    expect(learned.education.terms[0].weight).toBeGreaterThan(0);
    expect(fromTraffic(learned.education.terms[0].term)).toBe(false);
  });

  it('is deterministic', () => {
    expect(learnTerms(docs, options)).toEqual(learnTerms(docs, options));
  });
});

describe('removedTokens', () => {
  it('finds tokens the segmented form never holds though the originals use them', () => {
    const original = Array.from({ length: 40 }, () => ['小区', '的', '物业']);
    const segmented = Array.from({ length: 40 }, () => ['小区', '物业']);
    expect(removedTokens(original, segmented)).toEqual(['的']);
  });
});
