import {
  array,
  fail,
  number,
  object,
  pattern,
  record,
  string,
  stringList,
  TermRule,
  termRule,
  WeightedTerm,
} from './ruleset-fields';
import { LearnedModel, validateLearned } from './ruleset-learned';
import defaultRulesetJson from './ruleset.default.json';
import {
  RULED_CATEGORIES,
  RuledCategory,
  SIGNAL_KINDS,
  SignalKind,
  SPAM_GROUPS,
  SpamGroup,
} from './taxonomy';

/**
 * A ruleset is data: it is stored, versioned and replaced as JSON, so every
 * input goes through validateRuleset() before the engine sees it.
 *
 * Terms are matched against jieba tokens: a term is one token or several
 * consecutive tokens (so `[赞]`, `没有解决` or `户口迁移` work whatever jieba
 * makes of them), never part of a token.
 */
export type { TermRule, WeightedTerm } from './ruleset-fields';
export { RulesetInvalid } from './ruleset-fields';
export type { LearnedModel } from './ruleset-learned';

export interface Ruleset {
  version: string;
  description?: string;
  thresholds: {
    /** A signal kind needs at least this score, or the kind is `other`. */
    kind: number;
    /** A category needs at least this score, or the category is `other`. */
    category: number;
    /** Spam needs at least this score (and must outscore every signal kind). */
    spam: number;
    /** With no kind signal, a category this strong means a reported problem: `complaint`. */
    complaintFromCategory: number;
  };
  kinds: Record<SignalKind, TermRule>;
  /** Tie-break order among signal kinds, first wins. */
  kindPriority: SignalKind[];
  categories: Record<RuledCategory, TermRule>;
  /**
   * The opening sentence usually names the matter (a letter's subject line,
   * the first sentence of a comment). Category terms before the first
   * sentence end count `weight` times extra when categories are ranked;
   * eligibility still uses the plain score against `thresholds.category`.
   * Absent: no emphasis.
   */
  /**
   * A comment that tells other readers what the writer saw or warns them
   * (大家注意, 千万别信, 绕行) asks nothing of the official: when these terms
   * outscore every signal kind, the kind is `other` (the category stands),
   * instead of a complaint read from the matter. Absent: no such cue.
   */
  bystander?: TermRule;
  lead?: {
    weight: number;
    /** Tokens that end the opening sentence. */
    sentenceEnds: string[];
  };
  negation: {
    /** Tokens (or token runs) that negate the terms following them. */
    cues: string[];
    /** How many tokens after a cue are negated. */
    window: number;
    /** Tokens that end a clause and with it any negation. */
    clauseBreaks: string[];
    /**
     * Which rules a cue silences. Categories are topical (不要在楼道充电 is
     * still about fire), so by default only kinds and spam are negated.
     */
    scope: NegationScope[];
  };
  spam: {
    groups: Record<SpamGroup, TermRule>;
    url: { weight: number; max: number };
    contact: {
      weight: number;
      /** Patterns are only tried when the text has a run of this many ASCII letters/digits. */
      minAlnumRun: number;
      /** Case-insensitive regular expressions for phone, QQ, WeChat ids. */
      patterns: string[];
    };
    repetition: { weight: number; minCharRun: number };
  };
  /** Category weights learned from labelled messages; absent: the hand-written rules alone. */
  learned?: LearnedModel;
}

export const NEGATION_SCOPES = ['kinds', 'categories', 'spam'] as const;
export type NegationScope = (typeof NEGATION_SCOPES)[number];

/** Checks an untrusted ruleset and returns a clean copy holding only known fields. */
export function validateRuleset(input: unknown): Ruleset {
  const root = object(input, 'ruleset', [
    'version',
    'description',
    'thresholds',
    'kinds',
    'kindPriority',
    'categories',
    'lead',
    'bystander',
    'negation',
    'spam',
    'learned',
  ]);
  const version = string(root.version, 'version');
  if (version.length > 64) {
    fail('version', 'must be at most 64 characters');
  }
  const description =
    root.description === undefined ? undefined : string(root.description, 'description');

  const th = object(root.thresholds, 'thresholds', [
    'kind',
    'category',
    'spam',
    'complaintFromCategory',
  ]);
  const thresholds = {
    kind: number(th.kind, 'thresholds.kind', 0),
    category: number(th.category, 'thresholds.category', 0),
    spam: number(th.spam, 'thresholds.spam', 0),
    complaintFromCategory: number(th.complaintFromCategory, 'thresholds.complaintFromCategory', 0),
  };

  const kinds = record(root.kinds, 'kinds', SIGNAL_KINDS, termRule);
  const kindPriority = stringList(root.kindPriority, 'kindPriority').map((k, i) => {
    if (!(SIGNAL_KINDS as readonly string[]).includes(k)) {
      fail(`kindPriority[${i}]`, `must be one of ${SIGNAL_KINDS.join(', ')}`);
    }
    return k as SignalKind;
  });
  if (kindPriority.length !== SIGNAL_KINDS.length) {
    fail('kindPriority', `must list each of ${SIGNAL_KINDS.join(', ')} once`);
  }

  const categories = record(root.categories, 'categories', RULED_CATEGORIES, termRule);

  let lead: Ruleset['lead'];
  if (root.lead !== undefined) {
    const l = object(root.lead, 'lead', ['weight', 'sentenceEnds']);
    lead = {
      weight: number(l.weight, 'lead.weight', 0, 10),
      sentenceEnds: stringList(l.sentenceEnds, 'lead.sentenceEnds'),
    };
  }

  const neg = object(root.negation, 'negation', ['cues', 'window', 'clauseBreaks', 'scope']);
  const negation = {
    cues: stringList(neg.cues, 'negation.cues'),
    window: number(neg.window, 'negation.window', 0, 20),
    clauseBreaks: stringList(neg.clauseBreaks, 'negation.clauseBreaks'),
    scope: stringList(neg.scope, 'negation.scope').map((s, i) => {
      if (!(NEGATION_SCOPES as readonly string[]).includes(s)) {
        fail(`negation.scope[${i}]`, `must be one of ${NEGATION_SCOPES.join(', ')}`);
      }
      return s as NegationScope;
    }),
  };

  const sp = object(root.spam, 'spam', ['groups', 'url', 'contact', 'repetition']);
  const url = object(sp.url, 'spam.url', ['weight', 'max']);
  const contact = object(sp.contact, 'spam.contact', ['weight', 'minAlnumRun', 'patterns']);
  const repetition = object(sp.repetition, 'spam.repetition', ['weight', 'minCharRun']);
  const spam = {
    groups: record(sp.groups, 'spam.groups', SPAM_GROUPS, termRule),
    url: {
      weight: number(url.weight, 'spam.url.weight', 0),
      max: number(url.max, 'spam.url.max', 0),
    },
    contact: {
      weight: number(contact.weight, 'spam.contact.weight', 0),
      minAlnumRun: number(contact.minAlnumRun, 'spam.contact.minAlnumRun', 1),
      patterns: array(contact.patterns, 'spam.contact.patterns').map((p, i) =>
        pattern(p, `spam.contact.patterns[${i}]`),
      ),
    },
    repetition: {
      weight: number(repetition.weight, 'spam.repetition.weight', 0),
      minCharRun: number(repetition.minCharRun, 'spam.repetition.minCharRun', 2),
    },
  };

  const bystander =
    root.bystander === undefined ? undefined : termRule(root.bystander, 'bystander');

  const learned = root.learned === undefined ? undefined : validateLearned(root.learned, 'learned');

  return {
    version,
    ...(description === undefined ? {} : { description }),
    thresholds,
    kinds,
    kindPriority,
    categories,
    ...(lead === undefined ? {} : { lead }),
    ...(bystander === undefined ? {} : { bystander }),
    negation,
    spam,
    ...(learned === undefined ? {} : { learned }),
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) {
      deepFreeze(v);
    }
    Object.freeze(value);
  }
  return value;
}

let defaultRuleset: Ruleset | undefined;

/** The ruleset shipped with the code, validated once and frozen (the engine caches per object). */
export function loadDefaultRuleset(): Ruleset {
  defaultRuleset ??= deepFreeze(validateRuleset(defaultRulesetJson));
  return defaultRuleset;
}

/**
 * Adds reviewed or mined terms to the categories of a ruleset, returning a new
 * ruleset. A term the category already has keeps the larger weight.
 */
export function withCategoryTerms(
  ruleset: Ruleset,
  extra: Partial<Record<RuledCategory, WeightedTerm[]>>,
  version = `${ruleset.version}+mined`,
): Ruleset {
  const categories = {} as Record<RuledCategory, TermRule>;
  for (const category of RULED_CATEGORIES) {
    const merged = new Map<string, number>();
    for (const t of ruleset.categories[category].terms) {
      merged.set(t.term, t.weight);
    }
    for (const t of extra[category] ?? []) {
      merged.set(t.term, Math.max(merged.get(t.term) ?? -Infinity, t.weight));
    }
    categories[category] = { terms: [...merged].map(([term, weight]) => ({ term, weight })) };
  }
  return { ...ruleset, version, categories };
}
