import { array, fail, number, object, string, stringList } from './ruleset-fields';
import { RULED_CATEGORIES, RuledCategory } from './taxonomy';

/**
 * Category weights learned from labelled messages (npm run rules:learn): a
 * multinomial logistic regression over content tokens and pairs of
 * neighbouring content tokens (`小区 物业`), written as weighted terms per
 * category so that a person can read, edit and diff them. A category's
 * score is its bias plus, per term found, weight × value (see
 * learn/features.ts). The model was learned from letters, so it names the
 * matter of a text of `minTokens` content tokens or more when its softmax
 * probability reaches `minProbability`; of a shorter text (a comment) only
 * when the hand-written rules found no category and it is sure
 * (`sureProbability`). A category the model has no weights for (the police
 * categories) found by the hand-written rules stands unless the model is
 * sure, and on a letter (decision.ts LONG_TEXT_TOKENS) unless the model
 * reaches `minProbability`.
 */
export interface LearnedModel {
  description?: string;
  /** Tokens left out before terms and pairs are formed (stopwords). */
  skip: string[];
  /** The first this many content tokens (a subject line, an opening) count 1 + leadWeight times. */
  leadTokens: number;
  leadWeight: number;
  /** Texts longer than this many content tokens have values scaled by √(reference / length). */
  referenceLength: number;
  minProbability: number;
  minTokens: number;
  sureProbability: number;
  categories: Partial<Record<RuledCategory, LearnedCategory>>;
}

export interface LearnedCategory {
  bias: number;
  terms: { term: string; weight: number }[];
}

const TERM = /^[^\s]+( [^\s]+)?$/u;

function learnedCategory(value: unknown, path: string): LearnedCategory {
  const obj = object(value, path, ['bias', 'terms']);
  const seen = new Set<string>();
  const terms = array(obj.terms, `${path}.terms`).map((item, i) => {
    const at = `${path}.terms[${i}]`;
    const t = object(item, at, ['term', 'weight']);
    const term = string(t.term, `${at}.term`);
    if (!TERM.test(term)) {
      fail(`${at}.term`, 'must be one token or two tokens separated by one space');
    }
    if (seen.has(term)) {
      fail(`${at}.term`, `duplicates "${term}"`);
    }
    seen.add(term);
    return { term, weight: number(t.weight, `${at}.weight`, -100, 100) };
  });
  return { bias: number(obj.bias, `${path}.bias`, -100, 100), terms };
}

export function validateLearned(value: unknown, path: string): LearnedModel {
  const obj = object(value, path, [
    'description',
    'skip',
    'leadTokens',
    'leadWeight',
    'referenceLength',
    'minProbability',
    'minTokens',
    'sureProbability',
    'categories',
  ]);
  const categoriesObj = object(obj.categories, `${path}.categories`, RULED_CATEGORIES);
  const categories: Partial<Record<RuledCategory, LearnedCategory>> = {};
  for (const category of RULED_CATEGORIES) {
    if (categoriesObj[category] !== undefined) {
      categories[category] = learnedCategory(
        categoriesObj[category],
        `${path}.categories.${category}`,
      );
    }
  }
  if (Object.keys(categories).length < 2) {
    fail(`${path}.categories`, 'must hold at least two categories');
  }
  return {
    ...(obj.description === undefined
      ? {}
      : { description: string(obj.description, `${path}.description`) }),
    skip: stringList(obj.skip, `${path}.skip`),
    leadTokens: number(obj.leadTokens, `${path}.leadTokens`, 0, 1000),
    leadWeight: number(obj.leadWeight, `${path}.leadWeight`, 0, 10),
    referenceLength: number(obj.referenceLength, `${path}.referenceLength`, 1, 10000),
    minProbability: number(obj.minProbability, `${path}.minProbability`, 0, 1),
    minTokens: number(obj.minTokens, `${path}.minTokens`, 0, 10000),
    sureProbability: number(obj.sureProbability, `${path}.sureProbability`, 0, 1),
    categories,
  };
}
