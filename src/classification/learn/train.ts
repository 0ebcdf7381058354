import { featureValues, FeatureOptions } from './features';
import { fitLogistic, LogisticModel, SparseData } from './logistic';

export interface LabelledTokens {
  label: string;
  tokens: readonly string[];
}

export interface TrainOptions extends FeatureOptions {
  /** A feature must occur in at least this many training messages. */
  minDocs: number;
  l2: number;
  /** Per category, keep at most this many terms (largest weights first). */
  termsPerLabel: number;
  /** Terms whose weight is smaller than this in absolute value are left out. */
  minWeight: number;
  maxIterations?: number;
}

export const DEFAULT_TRAIN_OPTIONS: Omit<TrainOptions, 'skip'> = {
  leadTokens: 12,
  leadWeight: 0.5,
  referenceLength: 25,
  minDocs: 3,
  l2: 3e-4,
  termsPerLabel: 1000,
  minWeight: 0.1,
  maxIterations: 100,
};

export interface LearnedLabel {
  bias: number;
  terms: { term: string; weight: number }[];
}

export type LearnedLabels = Record<string, LearnedLabel>;

/**
 * Values are scaled by each feature's inverse document frequency while
 * fitting; the written weight is the fitted weight times that factor, so the
 * scorer multiplies plain values by written weights and gets the same sums.
 */
function sparse(
  docs: readonly Map<string, number>[],
  docLabels: readonly string[],
  labels: readonly string[],
  vocabulary: Map<string, number>,
  idf: Float64Array,
): SparseData {
  const start = new Int32Array(docs.length + 1);
  const index: number[] = [];
  const value: number[] = [];
  const label = new Int32Array(docs.length);
  docs.forEach((values, d) => {
    for (const [feature, v] of values) {
      const f = vocabulary.get(feature);
      if (f !== undefined) {
        index.push(f);
        value.push(v * idf[f]);
      }
    }
    start[d + 1] = index.length;
    label[d] = labels.indexOf(docLabels[d]);
  });
  return {
    start,
    index: Int32Array.from(index),
    value: Float64Array.from(value),
    label,
    features: vocabulary.size,
    classes: labels.length,
  };
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * Learns weighted terms per label: fits the model over every feature seen in
 * `minDocs` messages, keeps per label its `termsPerLabel` strongest terms,
 * refits on those alone (so the written weights are the weights of the model
 * that is used, not of a larger one), and drops weights under `minWeight`.
 */
export function learnTerms(docs: readonly LabelledTokens[], options: TrainOptions): LearnedLabels {
  const labels = [...new Set(docs.map((d) => d.label))].sort();
  const values = docs.map((doc) => featureValues(doc.tokens, options));
  const docLabels = docs.map((doc) => doc.label);
  const docFrequency = new Map<string, number>();
  for (const doc of values) {
    for (const feature of doc.keys()) {
      docFrequency.set(feature, (docFrequency.get(feature) ?? 0) + 1);
    }
  }
  const names = [...docFrequency]
    .filter(([, n]) => n >= options.minDocs)
    .map(([f]) => f)
    .sort();
  const vocabulary = new Map(names.map((f, i) => [f, i]));
  const idf = Float64Array.from(names, (f) => Math.log(docs.length / (docFrequency.get(f) ?? 1)));
  const data = sparse(values, docLabels, labels, vocabulary, idf);
  // The full fit only ranks the features, so it stops sooner than the refit.
  const full = fitLogistic(data, {
    l2: options.l2,
    maxIterations: Math.ceil((options.maxIterations ?? 100) / 2),
  });

  const keep = new Uint8Array(names.length);
  labels.forEach((_, c) => {
    const order = names
      .map((_, f) => f)
      .sort((a, b) => strength(full, b, c) * idf[b] - strength(full, a, c) * idf[a]);
    for (const f of order.slice(0, options.termsPerLabel)) {
      keep[f] = 1;
    }
  });
  const kept = names.filter((_, f) => keep[f] === 1);
  const keptIdf = Float64Array.from(kept, (f) => idf[vocabulary.get(f) ?? 0]);
  const small = new Map(kept.map((f, i) => [f, i]));
  const refit = fitLogistic(sparse(values, docLabels, labels, small, keptIdf), {
    l2: options.l2,
    maxIterations: options.maxIterations,
  });

  const out: LearnedLabels = {};
  labels.forEach((label, c) => {
    const terms = kept
      .map((term, f) => ({
        term,
        weight: round(refit.weights[f * refit.classes + c] * keptIdf[f]),
      }))
      .filter((t) => Math.abs(t.weight) >= options.minWeight)
      .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1));
    out[label] = { bias: round(refit.bias[c]), terms };
  });
  return out;
}

/** A feature's weight for class c above its mean over the classes. */
function strength(model: LogisticModel, f: number, c: number): number {
  const C = model.classes;
  let sum = 0;
  for (let k = 0; k < C; k++) {
    sum += model.weights[f * C + k];
  }
  return model.weights[f * C + c] - sum / C;
}

/**
 * Tokens that the stopword-free segmented messages never hold though the
 * original texts use them often: the stopwords the published segmentation
 * removed, so that both forms of the training data and new messages yield
 * the same neighbours.
 */
export function removedTokens(
  original: readonly (readonly string[])[],
  segmented: readonly (readonly string[])[],
  minCount = 30,
  maxRatio = 0.02,
): string[] {
  const count = (docs: readonly (readonly string[])[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const doc of docs) {
      for (const t of doc) {
        m.set(t, (m.get(t) ?? 0) + 1);
      }
    }
    return m;
  };
  const a = count(original);
  const b = count(segmented);
  const totalA = [...a.values()].reduce((s, v) => s + v, 0);
  const totalB = Math.max(
    1,
    [...b.values()].reduce((s, v) => s + v, 0),
  );
  return [...a]
    .filter(([t, n]) => n >= minCount && (b.get(t) ?? 0) / totalB / (n / totalA) <= maxRatio)
    .map(([t]) => t)
    .sort();
}
