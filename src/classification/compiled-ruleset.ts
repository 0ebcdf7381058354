import { CompiledLearned, compileLearned } from './learned-scorer';
import { Ruleset, TermRule } from './ruleset';
import {
  RULED_CATEGORIES,
  RuledCategory,
  SIGNAL_KINDS,
  SignalKind,
  SPAM_GROUPS,
  SpamGroup,
} from './taxonomy';

/** Entry flags. */
export const CUE = 1;
export const CLAUSE_BREAK = 2;
export const SENTENCE_END = 4;

/**
 * The ruleset flattened into typed arrays, built once per ruleset object.
 *
 * Terms (and negation cues, clause breaks, sentence ends) are found through
 * one open-addressing table keyed by a 32-bit hash of the text: every term
 * and every prefix of a term is in it. Matching hashes a token's characters
 * once and probes once per token boundary, instead of stepping a trie per
 * character. A slot is one 32-bit word, a 16-bit fingerprint of the hash
 * and a 16-bit value, so the table (4 bytes a slot, at most half full) stays
 * in cache between the segmenter's calls. The seed is chosen so that every
 * table string's own probe finds its own slot; a probe that finds a whole
 * term is confirmed against the term's text, so a hash collision with some
 * other text cannot make a false match.
 */
export interface CompiledRuleset {
  /** Slots: (fingerprint << 16) | value; value 0 marks an empty slot, else ((entry + 1) << 1) | prefixBit. */
  table: Int32Array;
  mask: number;
  /** Home slot = Math.imul(hash, GOLDEN) >>> shift. */
  shift: number;
  /**
   * Bit (hash >>> 16) set for every table string: 8 KiB that answer most
   * misses (about half of all probes) without touching the table.
   */
  filter: Int32Array;
  /** Seed of the string hash, chosen so that no two table strings collide. */
  seed: number;
  /** Per entry, its text (for explanations). */
  entryTerm: string[];
  /**
   * Per entry e, four ints at 4e, kept together so one entry is one cache
   * line: where its code units start in `chars`, how many, where its hits
   * start in `hits`, and (hit count << 8) | flags.
   */
  entryInfo: Int32Array;
  /** The entries' code units back to back. */
  chars: Uint16Array;
  /** Per hit, two numbers: rule index × 2 + 1 if a negation cue silences it, and its weight. */
  hits: Float64Array;
  termCount: number;
  /** Rule names in index order: `kind:*`, then `category:*`, then `spam:*` groups, then `bystander`. */
  ruleNames: string[];
  kindRule: Record<SignalKind, number>;
  categoryRule: Record<RuledCategory, number>;
  /** Rule index of each RULED_CATEGORIES entry, and of each kind in kindPriority order. */
  categoryRules: Int32Array;
  /** Category rules are the contiguous range [firstCategoryRule, endCategoryRule). */
  firstCategoryRule: number;
  endCategoryRule: number;
  /** Extra weight of category terms in the opening sentence; 0 when the ruleset has no `lead`. */
  leadWeight: number;
  kindRulesByPriority: Int32Array;
  /** ruleset.kindPriority, copied (the default ruleset is frozen, and frozen arrays read slowly). */
  kindsByPriority: SignalKind[];
  spamRules: number[];
  /** Rule index of the ruleset's bystander terms, or -1 when it has none. */
  bystanderRule: number;
  contactPatterns: RegExp[];
  /** The ruleset's learned category model, or null. */
  learned: CompiledLearned | null;
}

const cache = new WeakMap<Ruleset, CompiledRuleset>();
/** The last ruleset asked for: almost every call is for the same one, and a WeakMap look-up is not free. */
let lastRuleset: Ruleset | undefined;
let lastCompiled: CompiledRuleset | undefined;

/** One step of the string hash (FNV-1a on UTF-16 code units). */
export function hashStep(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193);
}

export const GOLDEN = 0x9e3779b1 | 0;

/** The table value for hash `h` (0 if absent). */
export function probe(compiled: CompiledRuleset, h: number): number {
  const { table, mask, filter } = compiled;
  if (((filter[h >>> 21] >>> ((h >>> 16) & 31)) & 1) === 0) {
    return 0;
  }
  const fingerprint = h & 0xffff;
  let s = Math.imul(h, GOLDEN) >>> compiled.shift;
  let word = table[s];
  while (word !== 0 && word >>> 16 !== fingerprint) {
    s = (s + 1) & mask;
    word = table[s];
  }
  return word & 0xffff;
}

/** At most this many entries (distinct terms, cues and marks) fit the table's 16-bit values. */
export const MAX_ENTRIES = 0x7ffe;

function hashOf(text: string, seed: number, length = text.length): number {
  let h = seed;
  for (let i = 0; i < length; i++) {
    h = hashStep(h, text.charCodeAt(i));
  }
  return h;
}

function probeTable(table: Int32Array, mask: number, shift: number, h: number): number {
  const fingerprint = h & 0xffff;
  let s = Math.imul(h, GOLDEN) >>> shift;
  let word = table[s];
  while (word !== 0 && word >>> 16 !== fingerprint) {
    s = (s + 1) & mask;
    word = table[s];
  }
  return word & 0xffff;
}

interface Draft {
  term: string;
  flags: number;
  hits: { rule: number; weight: number; negatable: boolean }[];
}

/** Builds the tables once per ruleset object (rulesets are replaced, never edited in place). */
export function compileRuleset(ruleset: Ruleset): CompiledRuleset {
  if (ruleset === lastRuleset && lastCompiled !== undefined) {
    return lastCompiled;
  }
  const cached = cache.get(ruleset);
  if (cached) {
    lastRuleset = ruleset;
    lastCompiled = cached;
    return cached;
  }
  const drafts: Draft[] = [];
  const byTerm = new Map<string, Draft>();
  const entryFor = (term: string): Draft => {
    let draft = byTerm.get(term);
    if (draft === undefined) {
      draft = { term, flags: 0, hits: [] };
      byTerm.set(term, draft);
      drafts.push(draft);
    }
    return draft;
  };

  const ruleNames: string[] = [];
  const scope = new Set(ruleset.negation.scope);
  const addRule = (name: string, rule: TermRule, negatable: boolean): number => {
    const index = ruleNames.length;
    ruleNames.push(name);
    for (const { term, weight } of rule.terms) {
      entryFor(term).hits.push({ rule: index, weight, negatable });
    }
    return index;
  };

  const kindRule = {} as Record<SignalKind, number>;
  for (const kind of SIGNAL_KINDS) {
    kindRule[kind] = addRule(`kind:${kind}`, ruleset.kinds[kind], scope.has('kinds'));
  }
  const categoryRule = {} as Record<RuledCategory, number>;
  for (const category of RULED_CATEGORIES) {
    categoryRule[category] = addRule(
      `category:${category}`,
      ruleset.categories[category],
      scope.has('categories'),
    );
  }
  const spamRules = SPAM_GROUPS.map((group: SpamGroup) =>
    addRule(`spam:${group}`, ruleset.spam.groups[group], scope.has('spam')),
  );
  const bystanderRule =
    ruleset.bystander === undefined ? -1 : addRule('bystander', ruleset.bystander, false);
  for (const cue of ruleset.negation.cues) {
    entryFor(cue).flags |= CUE;
  }
  for (const mark of ruleset.negation.clauseBreaks) {
    entryFor(mark).flags |= CLAUSE_BREAK;
  }
  const leadWeight = ruleset.lead?.weight ?? 0;
  if (leadWeight > 0) {
    for (const mark of ruleset.lead?.sentenceEnds ?? []) {
      entryFor(mark).flags |= SENTENCE_END;
    }
  }

  // Every term and every proper prefix of a term, with what it is.
  const strings = new Map<string, { entry: number; prefix: boolean }>();
  drafts.forEach((draft, e) => {
    const term = draft.term;
    for (let length = 1; length <= term.length; length++) {
      const s = term.slice(0, length);
      const known = strings.get(s) ?? { entry: -1, prefix: false };
      if (length === term.length) {
        known.entry = e;
      } else {
        known.prefix = true;
      }
      strings.set(s, known);
    }
  });

  if (drafts.length > MAX_ENTRIES) {
    throw new Error(`a ruleset can hold at most ${MAX_ENTRIES} distinct terms`);
  }
  let bits = 4;
  while (1 << bits < strings.size * 2) {
    bits++;
  }
  const capacity = 1 << bits;
  const mask = capacity - 1;
  const shift = 32 - bits;
  const table = new Int32Array(capacity);
  const entries = [...strings];
  // Seeds stay small positive integers, which V8 keeps unboxed.
  let seed = 0x011c9dc5;
  for (let attempt = 0; ; attempt++) {
    table.fill(0);
    const hashes = entries.map(([text]) => hashOf(text, seed));
    let ok = new Set(hashes).size === hashes.length;
    for (let k = 0; ok && k < entries.length; k++) {
      const h = hashes[k];
      let slot = Math.imul(h, GOLDEN) >>> shift;
      while (table[slot] !== 0) {
        slot = (slot + 1) & mask;
      }
      const { entry, prefix } = entries[k][1];
      table[slot] = ((h & 0xffff) << 16) | (((entry + 1) << 1) | (prefix ? 1 : 0));
    }
    // Every table string must find its own slot: no earlier slot on its
    // probe path may carry the same fingerprint.
    for (let k = 0; ok && k < entries.length; k++) {
      const { entry, prefix } = entries[k][1];
      const found = probeTable(table, mask, shift, hashes[k]);
      ok = found === (((entry + 1) << 1) | (prefix ? 1 : 0));
    }
    if (ok) {
      break;
    }
    if (attempt > 256) {
      throw new Error('could not build the term table');
    }
    seed = (Math.imul(seed ^ (attempt + 0x9e3779b9), 0x85ebca6b) >>> 2) | 1;
  }

  const filter = new Int32Array(0x10000 >>> 5);
  for (const [text] of entries) {
    const h = hashOf(text, seed);
    filter[h >>> 21] |= 1 << ((h >>> 16) & 31);
  }

  const entryInfo = new Int32Array(drafts.length * 4);
  let charCount = 0;
  let hitCount = 0;
  drafts.forEach((draft, e) => {
    entryInfo[4 * e] = charCount;
    entryInfo[4 * e + 1] = draft.term.length;
    entryInfo[4 * e + 2] = hitCount;
    entryInfo[4 * e + 3] = (draft.hits.length << 8) | draft.flags;
    charCount += draft.term.length;
    hitCount += draft.hits.length;
  });
  const chars = new Uint16Array(charCount);
  const hits = new Float64Array(hitCount * 2);
  drafts.forEach((draft, e) => {
    for (let i = 0; i < draft.term.length; i++) {
      chars[entryInfo[4 * e] + i] = draft.term.charCodeAt(i);
    }
    draft.hits.forEach((hit, k) => {
      const at = 2 * (entryInfo[4 * e + 2] + k);
      hits[at] = hit.rule * 2 + (hit.negatable ? 1 : 0);
      hits[at + 1] = hit.weight;
    });
  });

  const compiled: CompiledRuleset = {
    table,
    mask,
    shift,
    filter,
    seed,
    entryTerm: drafts.map((d) => d.term),
    entryInfo,
    chars,
    hits,
    termCount: drafts.length,
    ruleNames,
    kindRule,
    categoryRule,
    categoryRules: Int32Array.from(RULED_CATEGORIES, (c) => categoryRule[c]),
    firstCategoryRule: categoryRule[RULED_CATEGORIES[0]],
    endCategoryRule: categoryRule[RULED_CATEGORIES[RULED_CATEGORIES.length - 1]] + 1,
    leadWeight,
    kindRulesByPriority: Int32Array.from(ruleset.kindPriority, (k) => kindRule[k]),
    kindsByPriority: [...ruleset.kindPriority],
    spamRules,
    bystanderRule,
    contactPatterns: ruleset.spam.contact.patterns.map((p) => new RegExp(p, 'iu')),
    learned: ruleset.learned === undefined ? null : compileLearned(ruleset.learned),
  };
  cache.set(ruleset, compiled);
  lastRuleset = ruleset;
  lastCompiled = compiled;
  return compiled;
}
