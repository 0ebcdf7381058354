import { Ruleset, TermRule } from './ruleset';
import {
  RULED_CATEGORIES,
  RuledCategory,
  SIGNAL_KINDS,
  SignalKind,
  SPAM_GROUPS,
  SpamGroup,
} from './taxonomy';

/** One rule a term feeds, with the weight it adds there. */
export interface TermHit {
  rule: number;
  weight: number;
  /** Whether a negation cue before the term silences this hit. */
  negatable: boolean;
}

/** What a term (or negation cue, or clause break) means to the ruleset. */
export interface TermEntry {
  term: string;
  /** Index for per-message occurrence counts. */
  id: number;
  hits: TermHit[] | null;
  cue: boolean;
  clauseBreak: boolean;
}

/**
 * The ruleset as a character trie, so matching walks UTF-16 code units of
 * the text instead of hashing every fresh token string jieba returns. Node 0
 * is the root; first characters index a table, deeper steps an
 * open-addressing hash table of (node, code unit) → child in typed arrays.
 */
export interface CompiledRuleset {
  rootNext: Int32Array;
  /**
   * Slots of (node, code unit, child, unused), interleaved so that one probe
   * reads one cache line; child 0 marks an empty slot.
   */
  deep: Int32Array;
  deepMask: number;
  /** The entry ending at each node, if any. */
  nodeTerm: (TermEntry | undefined)[];
  termCount: number;
  /** Rule names in index order: `kind:*`, then `category:*`, then `spam:*` groups. */
  ruleNames: string[];
  kindRule: Record<SignalKind, number>;
  categoryRule: Record<RuledCategory, number>;
  /** Rule index of each RULED_CATEGORIES entry, and of each kind in kindPriority order. */
  categoryRules: Int32Array;
  kindRulesByPriority: Int32Array;
  spamRules: number[];
  contactPatterns: RegExp[];
}

const cache = new WeakMap<Ruleset, CompiledRuleset>();

function slot(node: number, code: number, mask: number): number {
  return (Math.imul(node, 0x9e3779b1) ^ Math.imul(code, 0x85ebca6b)) & mask;
}

/** The child of `node` by `code`, or 0. */
export function step(compiled: CompiledRuleset, node: number, code: number): number {
  const { deep, deepMask } = compiled;
  let h = slot(node, code, deepMask);
  for (;;) {
    const at = h << 2;
    const child = deep[at + 2];
    if (child === 0 || (deep[at] === node && deep[at + 1] === code)) {
      return child;
    }
    h = (h + 1) & deepMask;
  }
}

/** Builds the trie once per ruleset object (rulesets are replaced, never edited in place). */
export function compileRuleset(ruleset: Ruleset): CompiledRuleset {
  const cached = cache.get(ruleset);
  if (cached) {
    return cached;
  }
  const rootNext = new Int32Array(0x10000);
  const deepNext = new Map<number, number>();
  const nodeTerm: (TermEntry | undefined)[] = [undefined];
  let termCount = 0;

  const entryFor = (term: string): TermEntry => {
    let node = 0;
    for (let i = 0; i < term.length; i++) {
      const code = term.charCodeAt(i);
      let next = node === 0 ? rootNext[code] : (deepNext.get(node * 0x10000 + code) ?? 0);
      if (next === 0) {
        next = nodeTerm.length;
        nodeTerm.push(undefined);
        if (node === 0) {
          rootNext[code] = next;
        } else {
          deepNext.set(node * 0x10000 + code, next);
        }
      }
      node = next;
    }
    let entry = nodeTerm[node];
    if (entry === undefined) {
      entry = { term, id: termCount++, hits: null, cue: false, clauseBreak: false };
      nodeTerm[node] = entry;
    }
    return entry;
  };

  const ruleNames: string[] = [];
  const scope = new Set(ruleset.negation.scope);
  const addRule = (name: string, rule: TermRule, negatable: boolean): number => {
    const index = ruleNames.length;
    ruleNames.push(name);
    for (const { term, weight } of rule.terms) {
      (entryFor(term).hits ??= []).push({ rule: index, weight, negatable });
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
  for (const cue of ruleset.negation.cues) {
    entryFor(cue).cue = true;
  }
  for (const mark of ruleset.negation.clauseBreaks) {
    entryFor(mark).clauseBreak = true;
  }

  let capacity = 16;
  while (capacity < deepNext.size * 2) {
    capacity *= 2;
  }
  const deep = new Int32Array(capacity * 4);
  for (const [key, child] of deepNext) {
    const node = Math.floor(key / 0x10000);
    const code = key % 0x10000;
    let h = slot(node, code, capacity - 1);
    while (deep[(h << 2) + 2] !== 0) {
      h = (h + 1) & (capacity - 1);
    }
    deep[h << 2] = node;
    deep[(h << 2) + 1] = code;
    deep[(h << 2) + 2] = child;
  }

  const compiled: CompiledRuleset = {
    rootNext,
    deep,
    deepMask: capacity - 1,
    nodeTerm,
    termCount,
    ruleNames,
    kindRule,
    categoryRule,
    categoryRules: Int32Array.from(RULED_CATEGORIES, (c) => categoryRule[c]),
    kindRulesByPriority: Int32Array.from(ruleset.kindPriority, (k) => kindRule[k]),
    spamRules,
    contactPatterns: ruleset.spam.contact.patterns.map((p) => new RegExp(p, 'iu')),
  };
  cache.set(ruleset, compiled);
  return compiled;
}
