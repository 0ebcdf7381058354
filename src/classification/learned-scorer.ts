import { isContentToken, lengthScale, PAIR } from './learn/features';
import type { LearnedModel } from './ruleset';
import { RuledCategory } from './taxonomy';

/**
 * The learned category model of a ruleset, built for scoring: one node per
 * token that starts a term, holding the token's own weights and the pairs
 * it starts. Scores are the bias plus, per term, weight × value, where the
 * value is what learn/features.ts gives (1/√k per repeat, the opening
 * tokens counting more, long texts scaled down): the same sums the model
 * was fitted on.
 */
interface TermNode {
  /** Feature id of the token alone, or -1 when it has no weight of its own. */
  id: number;
  next: Map<string, number> | null;
  /** A skipped token (stopword): neither a term nor a neighbour. */
  skip: boolean;
}

export interface CompiledLearned {
  labels: RuledCategory[];
  bias: Float64Array;
  /** Per feature id, its weight for each label (id × labels + label). */
  weights: Float64Array;
  featureTerm: string[];
  /** Per token that starts a term or is skipped, what it is. */
  nodes: Map<string, TermNode>;
  leadTokens: number;
  leadWeight: number;
  referenceLength: number;
  minProbability: number;
  minTokens: number;
  sureProbability: number;
}

export function compileLearned(model: LearnedModel): CompiledLearned {
  const labels = Object.keys(model.categories).sort() as RuledCategory[];
  const ids = new Map<string, number>();
  for (const label of labels) {
    for (const { term } of model.categories[label]?.terms ?? []) {
      if (!ids.has(term)) {
        ids.set(term, ids.size);
      }
    }
  }
  const weights = new Float64Array(ids.size * labels.length);
  labels.forEach((label, c) => {
    for (const { term, weight } of model.categories[label]?.terms ?? []) {
      weights[(ids.get(term) ?? 0) * labels.length + c] = weight;
    }
  });
  const nodes = new Map<string, TermNode>();
  const node = (token: string): TermNode => {
    let n = nodes.get(token);
    if (n === undefined) {
      n = { id: -1, next: null, skip: false };
      nodes.set(token, n);
    }
    return n;
  };
  for (const [term, id] of ids) {
    const space = term.indexOf(PAIR);
    if (space < 0) {
      node(term).id = id;
    } else {
      const first = node(term.slice(0, space));
      (first.next ??= new Map()).set(term.slice(space + 1), id);
    }
  }
  for (const token of model.skip) {
    node(token).skip = true;
  }
  return {
    labels,
    bias: Float64Array.from(labels, (l) => model.categories[l]?.bias ?? 0),
    weights,
    featureTerm: [...ids.keys()],
    nodes,
    leadTokens: model.leadTokens,
    leadWeight: model.leadWeight,
    referenceLength: model.referenceLength,
    minProbability: model.minProbability,
    minTokens: model.minTokens,
    sureProbability: model.sureProbability,
  };
}

export interface LearnedScores {
  /** Per label (CompiledLearned.labels order): bias plus the terms' contributions. */
  logits: Float64Array;
  best: number;
  /** Softmax probability of the best label. */
  probability: number;
  /** Content tokens in the text. */
  length: number;
  /** Distinct features found and each one's summed value. */
  featureIds: Int32Array;
  featureValues: Float64Array;
  featureCount: number;
}

// Reused across calls (classification is synchronous).
let seen = new Int32Array(1024);
let counts = new Int32Array(1024);
let seenStamp = 0;
const result: LearnedScores = {
  logits: new Float64Array(16),
  best: -1,
  probability: 0,
  length: 0,
  featureIds: new Int32Array(256),
  featureValues: new Float64Array(256),
  featureCount: 0,
};
let slotOf = new Int32Array(1024);

function hit(id: number, value: number): void {
  if (seen[id] !== seenStamp) {
    seen[id] = seenStamp;
    counts[id] = 0;
    const at = result.featureCount;
    if (at === result.featureIds.length) {
      const ids = new Int32Array(at * 2);
      ids.set(result.featureIds);
      result.featureIds = ids;
      const values = new Float64Array(at * 2);
      values.set(result.featureValues);
      result.featureValues = values;
    }
    result.featureIds[at] = id;
    result.featureValues[at] = 0;
    slotOf[id] = at;
    result.featureCount = at + 1;
  }
  const k = ++counts[id];
  result.featureValues[slotOf[id]] += value / Math.sqrt(k);
}

/** Scores tokens (spaces and punctuation included, as segment() gives them). */
export function scoreLearned(model: CompiledLearned, tokens: readonly string[]): LearnedScores {
  const features = model.featureTerm.length;
  if (seen.length < features) {
    seen = new Int32Array(features * 2);
    counts = new Int32Array(features * 2);
    slotOf = new Int32Array(features * 2);
  }
  seenStamp++;
  result.featureCount = 0;
  // One pass: values are summed unscaled for length, which is known at the end.
  const lead = 1 + model.leadWeight;
  let length = 0;
  let previous: TermNode | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const node = model.nodes.get(token);
    if (node === undefined) {
      if (isContentToken(token)) {
        length++;
        previous = undefined;
      }
      continue;
    }
    if (node.skip) {
      continue;
    }
    const scale = length < model.leadTokens ? lead : 1;
    length++;
    const pair = previous?.next?.get(token);
    if (pair !== undefined) {
      hit(pair, scale);
    }
    if (node.id >= 0) {
      hit(node.id, scale);
    }
    previous = node;
  }
  const norm = lengthScale(length, model.referenceLength);
  if (norm !== 1) {
    for (let k = 0; k < result.featureCount; k++) {
      result.featureValues[k] /= norm;
    }
  }
  const labels = model.labels.length;
  if (result.logits.length < labels) {
    result.logits = new Float64Array(labels);
  }
  const z = result.logits;
  for (let c = 0; c < labels; c++) {
    z[c] = model.bias[c];
  }
  for (let k = 0; k < result.featureCount; k++) {
    const base = result.featureIds[k] * labels;
    const v = result.featureValues[k];
    for (let c = 0; c < labels; c++) {
      z[c] += v * model.weights[base + c];
    }
  }
  let best = 0;
  for (let c = 1; c < labels; c++) {
    if (z[c] > z[best]) {
      best = c;
    }
  }
  let sum = 0;
  for (let c = 0; c < labels; c++) {
    sum += Math.exp(z[c] - z[best]);
  }
  result.best = best;
  result.probability = 1 / sum;
  result.length = length;
  return result;
}

export interface TermContribution {
  term: string;
  weight: number;
  contribution: number;
}

/** The terms that added to label `c`, largest contribution first, at most `limit`. */
export function contributions(
  model: CompiledLearned,
  scores: LearnedScores,
  c: number,
  limit: number,
): TermContribution[] {
  const labels = model.labels.length;
  const out: TermContribution[] = [];
  for (let k = 0; k < scores.featureCount; k++) {
    const id = scores.featureIds[k];
    const weight = model.weights[id * labels + c];
    if (weight > 0) {
      out.push({
        term: model.featureTerm[id],
        weight,
        contribution: weight * scores.featureValues[k],
      });
    }
  }
  out.sort((a, b) => b.contribution - a.contribution || (a.term < b.term ? -1 : 1));
  return out.slice(0, limit);
}
