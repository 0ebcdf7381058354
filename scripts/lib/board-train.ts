import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalise } from '../../src/classification/normaliser';
import { segment } from '../../src/classification/segmenter';
import { contentTokens, isContentToken } from '../../src/classification/learn/features';
import {
  DEFAULT_TRAIN_OPTIONS,
  learnTerms,
  removedTokens,
} from '../../src/classification/learn/train';
import type { LearnedModel } from '../../src/classification/ruleset';
import type { RuledCategory } from '../../src/classification/taxonomy';
import { BOARD_LABELS, readCsv } from './csv';

export type SegmentedForm = 'resegment' | 'given';

export interface TrainMessage {
  id: string;
  category: string;
  /** 原文 (original text) or 分词 (published jieba tokens, stopwords removed). */
  original: boolean;
  /** The text as classified: the original, or the given tokens joined. */
  text: string;
  tokens: string[];
}

/**
 * The 8,151 training messages with labels mapped to SPEC categories. The
 * segmented rows are joined and segmented again with our dictionary
 * (`resegment`, the default: the tokens then break where the service's
 * tokens break) or used as published (`given`).
 */
export function readTrainMessages(file: string, form: SegmentedForm = 'resegment'): TrainMessage[] {
  return readCsv(file).flatMap((r) => {
    const category = BOARD_LABELS[r['一级标签']];
    if (category === undefined) {
      return [];
    }
    const original = r['文本形式'] === '原文';
    const given = original ? [] : r['文本'].split(' ').filter((t) => t !== '');
    const text = normalise(original ? r['文本'] : given.join('')).text;
    const tokens = original || form === 'resegment' ? segment(text) : given;
    return [{ id: r['序号'], category, original, text, tokens }];
  });
}

/**
 * Indexes of `train` that repeat one of `sample`: the content tokens of the
 * two messages overlap by at least `minJaccard` (the segmented rows lost
 * their stopwords, so texts are compared as token sets).
 */
export function overlapping(
  train: readonly { tokens: readonly string[] }[],
  sample: readonly { tokens: readonly string[] }[],
  skip: ReadonlySet<string>,
  minJaccard = 0.5,
): Set<number> {
  const sets = train.map((m) => new Set(contentTokens(m.tokens, skip)));
  const postings = new Map<string, number[]>();
  sets.forEach((set, i) => {
    for (const t of set) {
      let list = postings.get(t);
      if (list === undefined) {
        list = [];
        postings.set(t, list);
      }
      list.push(i);
    }
  });
  const hits = new Set<number>();
  for (const m of sample) {
    const set = new Set(contentTokens(m.tokens, skip));
    const rare = [...set]
      .filter((t) => postings.has(t))
      .sort((a, b) => (postings.get(a)?.length ?? 0) - (postings.get(b)?.length ?? 0))
      .slice(0, 5);
    const candidates = new Set(rare.flatMap((t) => postings.get(t) ?? []));
    for (const i of candidates) {
      let shared = 0;
      for (const t of set) {
        if (sets[i].has(t)) {
          shared++;
        }
      }
      const jaccard = shared / (set.size + sets[i].size - shared);
      if (jaccard >= minJaccard) {
        hits.add(i);
      }
    }
  }
  return hits;
}

/** Settings of the shipped model: the eval's cross-validation chose them. */
export const LEARN_SETTINGS = {
  ...DEFAULT_TRAIN_OPTIONS,
  minProbability: 0.5,
  minTokens: 20,
  sureProbability: 0.9,
};

/**
 * The learned section of a ruleset from labelled messages: stopwords found
 * by comparing the two forms of the training data, then the model.
 */
export function learnModel(
  messages: readonly TrainMessage[],
  settings: typeof LEARN_SETTINGS = LEARN_SETTINGS,
  description?: string,
): LearnedModel {
  const original = messages.filter((m) => m.original).map((m) => m.tokens.filter(isContentToken));
  const segmented = messages.filter((m) => !m.original).map((m) => m.tokens.filter(isContentToken));
  const skip = removedTokens(original, segmented);
  const { minProbability, minTokens, sureProbability, ...options } = settings;
  const learned = learnTerms(
    messages.map((m) => ({ label: m.category, tokens: m.tokens })),
    { ...options, skip: new Set(skip) },
  );
  const categories: LearnedModel['categories'] = {};
  for (const [label, value] of Object.entries(learned)) {
    categories[label as RuledCategory] = value;
  }
  return {
    ...(description === undefined ? {} : { description }),
    skip,
    leadTokens: options.leadTokens,
    leadWeight: options.leadWeight,
    referenceLength: options.referenceLength,
    minProbability,
    minTokens,
    sureProbability,
    categories,
  };
}

/**
 * A file of the shared data folder, which sits beside the checkout
 * (`../shared/data`) or beside the folder of worktrees (`../../shared/data`).
 */
export function sharedDataFile(name: string): string {
  const root = path.resolve(__dirname, '..', '..');
  const candidates = [
    path.resolve(root, '..', 'shared', 'data', name),
    path.resolve(root, '..', '..', 'shared', 'data', name),
  ];
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[0];
}
