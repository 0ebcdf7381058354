import { DomainError } from '../common/domain-error';
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
export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface TermRule {
  terms: WeightedTerm[];
}

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
}

export const NEGATION_SCOPES = ['kinds', 'categories', 'spam'] as const;
export type NegationScope = (typeof NEGATION_SCOPES)[number];

export class RulesetInvalid extends DomainError {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super('invalid', 'RULESET_INVALID', `${path} ${problem}`, { path });
    this.name = 'RulesetInvalid';
  }
}

type Obj = Record<string, unknown>;

function fail(path: string, problem: string): never {
  throw new RulesetInvalid(path, problem);
}

function object(value: unknown, path: string, allowed: readonly string[]): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, 'must be an object');
  }
  const obj = value as Obj;
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      fail(`${path}.${key}`, `is not a known field (expected one of ${allowed.join(', ')})`);
    }
  }
  return obj;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    fail(path, 'must be a non-empty string');
  }
  return value;
}

function number(value: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(path, 'must be a number');
  }
  if (value < min || value > max) {
    fail(path, `must be between ${min} and ${max}`);
  }
  return value;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) {
    fail(path, 'must be an array');
  }
  return value;
}

function stringList(value: unknown, path: string): string[] {
  const seen = new Set<string>();
  return array(value, path).map((item, i) => {
    const s = string(item, `${path}[${i}]`);
    if (seen.has(s)) {
      fail(`${path}[${i}]`, `duplicates "${s}"`);
    }
    seen.add(s);
    return s;
  });
}

function termRule(value: unknown, path: string): TermRule {
  const obj = object(value, path, ['terms']);
  const seen = new Set<string>();
  const terms = array(obj.terms, `${path}.terms`).map((item, i): WeightedTerm => {
    const at = `${path}.terms[${i}]`;
    const t = object(item, at, ['term', 'weight']);
    const term = string(t.term, `${at}.term`);
    if (/\s/.test(term)) {
      fail(`${at}.term`, 'must not contain whitespace (terms are matched against tokens)');
    }
    if (seen.has(term)) {
      fail(`${at}.term`, `duplicates "${term}"`);
    }
    seen.add(term);
    return { term, weight: number(t.weight, `${at}.weight`, -100, 100) };
  });
  return { terms };
}

function record<K extends string, V>(
  value: unknown,
  path: string,
  keys: readonly K[],
  each: (v: unknown, p: string) => V,
): Record<K, V> {
  const obj = object(value, path, keys);
  const out = {} as Record<K, V>;
  for (const key of keys) {
    if (!(key in obj)) {
      fail(`${path}.${key}`, 'is missing');
    }
    out[key] = each(obj[key], `${path}.${key}`);
  }
  return out;
}

function pattern(value: unknown, path: string): string {
  const source = string(value, path);
  try {
    new RegExp(source, 'iu');
  } catch (e) {
    fail(path, `is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`);
  }
  return source;
}

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
    'negation',
    'spam',
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

  return {
    version,
    ...(description === undefined ? {} : { description }),
    thresholds,
    kinds,
    kindPriority,
    categories,
    ...(lead === undefined ? {} : { lead }),
    negation,
    spam,
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
