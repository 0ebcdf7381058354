import { isContentToken, lengthScale, PAIR } from './learn/features';
import type { LearnedModel } from './ruleset';
import { RuledCategory } from './taxonomy';

/**
 * The learned category model of a ruleset, built for scoring: one node per
 * token that is a term, starts or ends a pair, or is skipped, holding the
 * token's own feature id and whether it starts a pair. Scores are the bias
 * plus, per term, weight × value, where the value is what
 * learn/features.ts gives (1/√k per repeat, the opening tokens counting
 * more, long texts scaled down): the same sums the model was fitted on.
 *
 * Tokens are found by their characters in open-addressed typed tables, not
 * in a Map of strings: the segmenter's tokens are new strings each time,
 * and hashing them into a Map of some thousands of string keys cost more
 * than all the rest of the scoring. Pairs are found by their two node
 * numbers.
 */
export interface CompiledLearned {
  labels: RuledCategory[];
  bias: Float64Array;
  /** Per feature id, its weight for each label (id × labels + label). */
  weights: Float64Array;
  featureTerm: string[];
  /** Per node: feature id of the token alone, or -1 when it has none of its own. */
  nodeFeature: Int32Array;
  /** Per node: 1 for a skipped token (stopword: neither a term nor a neighbour), 2 when it starts a pair. */
  nodeFlags: Uint8Array;
  /** Per node: where its characters start in `nodeChars`; node n ends where n + 1 starts. */
  nodeStart: Int32Array;
  nodeChars: Uint16Array;
  /** Token table: per slot, the top 16 bits of the token's hash and below them its node + 1 (0: empty). */
  tokenSlots: Int32Array;
  tokenMask: number;
  /** Pair table: per slot, first node + 1 (0: empty), second node, feature id. */
  pairSlots: Int32Array;
  pairMask: number;
  leadTokens: number;
  leadWeight: number;
  referenceLength: number;
  minProbability: number;
  minTokens: number;
  sureProbability: number;
}

const SKIP = 1;
const STARTS_PAIR = 2;

function hashToken(token: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h = Math.imul(h ^ token.charCodeAt(i), 0x01000193);
  }
  return h ^ (h >>> 15);
}

function pairSlot(first: number, second: number, mask: number): number {
  const h = Math.imul(first, 0x9e3779b1) ^ Math.imul(second + 0x7f4a7c15, 0x85ebca6b);
  return (h ^ (h >>> 16)) & mask;
}

function tableSize(entries: number): number {
  let size = 16;
  while (size < entries * 2) {
    size *= 2;
  }
  return size;
}

/** The node of `token`, or -1. */
function findNode(model: CompiledLearned, token: string): number {
  const h = hashToken(token);
  const { tokenSlots, tokenMask, nodeStart, nodeChars } = model;
  const fingerprint = h >>> 16;
  for (let slot = h & tokenMask; ; slot = (slot + 1) & tokenMask) {
    const word = tokenSlots[slot];
    if (word === 0) {
      return -1;
    }
    if (word >>> 16 !== fingerprint) {
      continue;
    }
    const node = (word & 0xffff) - 1;
    const start = nodeStart[node];
    if (nodeStart[node + 1] - start !== token.length) {
      continue;
    }
    let same = true;
    for (let i = 0; same && i < token.length; i++) {
      same = nodeChars[start + i] === token.charCodeAt(i);
    }
    if (same) {
      return node;
    }
  }
}

/** The feature id of the pair `first` `second` (nodes), or -1. */
function findPair(model: CompiledLearned, first: number, second: number): number {
  const { pairSlots, pairMask } = model;
  for (let slot = pairSlot(first, second, pairMask); ; slot = (slot + 1) & pairMask) {
    const a = pairSlots[3 * slot] - 1;
    if (a < 0) {
      return -1;
    }
    if (a === first && pairSlots[3 * slot + 1] === second) {
      return pairSlots[3 * slot + 2];
    }
  }
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
  const nodeOf = new Map<string, number>();
  const feature: number[] = [];
  const flags: number[] = [];
  const node = (token: string): number => {
    let n = nodeOf.get(token);
    if (n === undefined) {
      n = nodeOf.size;
      nodeOf.set(token, n);
      feature.push(-1);
      flags.push(0);
    }
    return n;
  };
  const pairTerms: [number, string, number][] = [];
  for (const [term, id] of ids) {
    const space = term.indexOf(PAIR);
    if (space < 0) {
      feature[node(term)] = id;
    } else {
      const first = node(term.slice(0, space));
      flags[first] |= STARTS_PAIR;
      pairTerms.push([first, term.slice(space + 1), id]);
    }
  }
  for (const token of model.skip) {
    flags[node(token)] |= SKIP;
  }
  // A pair is found at its second token's node: one whose second token is
  // no node of its own (no term alone, starting no pair) is never found.
  const pairs: [number, number, number][] = [];
  for (const [first, second, id] of pairTerms) {
    const n = nodeOf.get(second);
    if (n !== undefined) {
      pairs.push([first, n, id]);
    }
  }
  const tokens = [...nodeOf.keys()];
  const nodeStart = new Int32Array(tokens.length + 1);
  tokens.forEach((t, n) => {
    nodeStart[n + 1] = nodeStart[n] + t.length;
  });
  const nodeChars = new Uint16Array(nodeStart[tokens.length]);
  tokens.forEach((t, n) => {
    for (let i = 0; i < t.length; i++) {
      nodeChars[nodeStart[n] + i] = t.charCodeAt(i);
    }
  });
  const tokenSize = tableSize(tokens.length);
  const tokenMask = tokenSize - 1;
  if (tokens.length >= 0xffff) {
    throw new Error(`learned model: ${tokens.length} tokens, more than the token table holds`);
  }
  const tokenSlots = new Int32Array(tokenSize);
  tokens.forEach((t, n) => {
    const h = hashToken(t);
    let slot = h & tokenMask;
    while (tokenSlots[slot] !== 0) {
      slot = (slot + 1) & tokenMask;
    }
    tokenSlots[slot] = ((h >>> 16) << 16) | (n + 1);
  });
  const pairSize = tableSize(pairs.length);
  const pairMask = pairSize - 1;
  const pairSlots = new Int32Array(3 * pairSize);
  for (const [first, second, id] of pairs) {
    let slot = pairSlot(first, second, pairMask);
    while (pairSlots[3 * slot] !== 0) {
      slot = (slot + 1) & pairMask;
    }
    pairSlots[3 * slot] = first + 1;
    pairSlots[3 * slot + 1] = second;
    pairSlots[3 * slot + 2] = id;
  }
  return {
    labels,
    bias: Float64Array.from(labels, (l) => model.categories[l]?.bias ?? 0),
    weights,
    featureTerm: [...ids.keys()],
    nodeFeature: Int32Array.from(feature),
    nodeFlags: Uint8Array.from(flags),
    nodeStart,
    nodeChars,
    tokenSlots,
    tokenMask,
    pairSlots,
    pairMask,
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
  let previous = -1;
  const { nodeFeature, nodeFlags } = model;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const node = findNode(model, token);
    if (node < 0) {
      if (isContentToken(token)) {
        length++;
        previous = -1;
      }
      continue;
    }
    const flags = nodeFlags[node];
    if ((flags & SKIP) !== 0) {
      continue;
    }
    const scale = length < model.leadTokens ? lead : 1;
    length++;
    if (previous >= 0 && (nodeFlags[previous] & STARTS_PAIR) !== 0) {
      const pair = findPair(model, previous, node);
      if (pair >= 0) {
        hit(pair, scale);
      }
    }
    const id = nodeFeature[node];
    if (id >= 0) {
      hit(id, scale);
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

/** Feature slots of the best contributions so far, in order (see contributions). */
let topSlots = new Int32Array(16);
let topValues = new Float64Array(16);

/**
 * The terms that added to label `c`, largest contribution first (ties by
 * term), at most `limit`. Only those are sorted and built: a letter hits
 * some hundred terms and lists eight.
 */
export function contributions(
  model: CompiledLearned,
  scores: LearnedScores,
  c: number,
  limit: number,
): TermContribution[] {
  const labels = model.labels.length;
  const { weights, featureTerm } = model;
  if (topSlots.length < limit) {
    topSlots = new Int32Array(limit);
    topValues = new Float64Array(limit);
  }
  let kept = 0;
  for (let k = 0; k < scores.featureCount; k++) {
    const id = scores.featureIds[k];
    const weight = weights[id * labels + c];
    if (!(weight > 0)) {
      continue;
    }
    const contribution = weight * scores.featureValues[k];
    // Insertion into the kept list, which stays sorted: first the place.
    let at = kept;
    while (at > 0) {
      const other = topValues[at - 1];
      const before =
        other > contribution ||
        (other === contribution &&
          featureTerm[scores.featureIds[topSlots[at - 1]]] < featureTerm[id]);
      if (before) {
        break;
      }
      at--;
    }
    if (at >= limit) {
      continue;
    }
    for (let m = Math.min(kept, limit - 1); m > at; m--) {
      topSlots[m] = topSlots[m - 1];
      topValues[m] = topValues[m - 1];
    }
    topSlots[at] = k;
    topValues[at] = contribution;
    if (kept < limit) {
      kept++;
    }
  }
  const out: TermContribution[] = [];
  for (let m = 0; m < kept; m++) {
    const id = scores.featureIds[topSlots[m]];
    out.push({
      term: featureTerm[id],
      weight: weights[id * labels + c],
      contribution: topValues[m],
    });
  }
  return out;
}
