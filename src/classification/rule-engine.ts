import { compileRuleset, CompiledRuleset, step, TermEntry } from './compiled-ruleset';
import { decide } from './decision';
import { Ruleset } from './ruleset';
import { segment } from './segmenter';
import { Category, Kind } from './taxonomy';

export interface RuleMatch {
  /** `kind:help`, `category:traffic`, `spam:contact`, `negation` … */
  rule: string;
  terms: string[];
  /** What the rule added to its score (negative for `negation`: what it took away). */
  weight: number;
}

export interface Classification {
  kind: Kind;
  category: Category;
  actionable: boolean;
  /** Evidence behind the decision: kind plus category score, or the spam score. */
  score: number;
  matches: RuleMatch[];
  tokens: string[];
  rulesetVersion: string;
}

export interface TextSignals {
  /** Links the normaliser removed. */
  urls?: number;
}

/** What one message's scan found; lives in reused buffers, read by decide(). */
export interface TermScan {
  scores: Float64Array;
  /** Parallel lists of counted hits: rule index and the term that fed it. */
  hitRule: Int32Array;
  hitTerm: string[];
  hitCount: number;
  negatedTerms: string[];
  negatedCount: number;
  negatedWeight: number;
}

/** Longest joined run of tokens tried as one term. */
const MAX_TERM_TOKENS = 8;
const REPEAT_FACTORS = Float64Array.from({ length: 64 }, (_, k) =>
  k === 0 ? 0 : 1 / Math.sqrt(k),
);

// Scratch space reused across calls: classification is synchronous, and
// allocating per message costs more than the matching itself.
const scan: TermScan = {
  scores: new Float64Array(64),
  hitRule: new Int32Array(256),
  hitTerm: [],
  hitCount: 0,
  negatedTerms: [],
  negatedCount: 0,
  negatedWeight: 0,
};
let ruleStamp = new Int32Array(64);
let stamp = 0;
let occurrences = new Int32Array(1024);
let touched = new Int32Array(256);
const chain: TermEntry[] = [];

function prepareScratch(compiled: CompiledRuleset): void {
  const rules = compiled.ruleNames.length;
  if (scan.scores.length < rules) {
    scan.scores = new Float64Array(rules * 2);
    ruleStamp = new Int32Array(rules * 2);
  }
  if (occurrences.length < compiled.termCount) {
    occurrences = new Int32Array(compiled.termCount * 2);
  }
  scan.scores.fill(0, 0, rules);
  scan.hitCount = 0;
  scan.negatedCount = 0;
  scan.negatedWeight = 0;
}

function isSpace(token: string): boolean {
  const c = token.charCodeAt(0);
  return c <= 0x20 || c === 0x3000 || c === 0xa0;
}

function recordHit(rule: number, term: string): void {
  if (scan.hitCount === scan.hitRule.length) {
    const grown = new Int32Array(scan.hitRule.length * 2);
    grown.set(scan.hitRule);
    scan.hitRule = grown;
  }
  scan.hitRule[scan.hitCount] = rule;
  scan.hitTerm[scan.hitCount] = term;
  scan.hitCount++;
}

/**
 * Adds the hits of the terms in `chain[0..length)`, longest last. Each rule
 * counts one term per position, the longest that feeds it: 被骗了 feeds fraud,
 * and the 被骗 inside it still feeds complaint.
 */
function countChain(length: number, negated: boolean, touchedCount: number): number {
  const scores = scan.scores;
  stamp++;
  for (let c = length - 1; c >= 0; c--) {
    const term = chain[c];
    const hits = term.hits;
    if (hits === null) {
      continue;
    }
    let factor = 0;
    for (let h = 0; h < hits.length; h++) {
      const hit = hits[h];
      if (ruleStamp[hit.rule] === stamp) {
        continue;
      }
      ruleStamp[hit.rule] = stamp;
      if (negated && hit.negatable) {
        scan.negatedWeight += hit.weight;
        if (scan.negatedCount === 0 || scan.negatedTerms[scan.negatedCount - 1] !== term.term) {
          scan.negatedTerms[scan.negatedCount++] = term.term;
        }
        continue;
      }
      if (factor === 0) {
        // The k-th repeat of a term adds 1/√k of its weight.
        const k = ++occurrences[term.id];
        if (k === 1) {
          if (touchedCount === touched.length) {
            const grown = new Int32Array(touched.length * 2);
            grown.set(touched);
            touched = grown;
          }
          touched[touchedCount++] = term.id;
        }
        factor = k < 64 ? REPEAT_FACTORS[k] : 1 / Math.sqrt(k);
      }
      scores[hit.rule] += hit.weight * factor;
      recordHit(hit.rule, term.term);
    }
  }
  return touchedCount;
}

/** Candidate terms inside one compound token: start, end (exclusive), entry. */
const innerStart: number[] = [];
const innerEnd: number[] = [];
const innerTerm: TermEntry[] = [];

/**
 * Terms of two or more characters inside a token that is not itself the
 * start of a term: jieba's dictionary makes 火车站 of 火车 and 补办身份证 of
 * 身份证. Fills `chain` shortest first (so the longest claims its rules) and
 * returns its length; terms inside a longer found term are left out.
 */
function termsInside(compiled: CompiledRuleset, text: string, from: number, to: number): number {
  const { rootNext, nodeTerm } = compiled;
  let found = 0;
  for (let a = from; a < to - 1; a++) {
    let node = rootNext[text.charCodeAt(a)];
    let q = a;
    while (node !== 0) {
      q++;
      const entry = nodeTerm[node];
      if (entry !== undefined && entry.hits !== null && q - a >= 2 && q - a < to - from) {
        innerStart[found] = a;
        innerEnd[found] = q;
        innerTerm[found] = entry;
        found++;
      }
      if (q >= to) {
        break;
      }
      node = step(compiled, node, text.charCodeAt(q));
    }
  }
  let length = 0;
  // Longest candidates go last; skip any inside a longer one.
  for (let size = to - from - 1; size >= 2 && length < found; size--) {
    for (let k = 0; k < found; k++) {
      if (innerEnd[k] - innerStart[k] !== size) {
        continue;
      }
      let contained = false;
      for (let m = 0; m < found && !contained; m++) {
        contained =
          innerEnd[m] - innerStart[m] > size &&
          innerStart[m] <= innerStart[k] &&
          innerEnd[m] >= innerEnd[k];
      }
      if (!contained) {
        chain[length++] = innerTerm[k];
      }
    }
  }
  chain.length = Math.max(chain.length, length);
  for (let l = 0, r = length - 1; l < r; l++, r--) {
    const t = chain[l];
    chain[l] = chain[r];
    chain[r] = t;
  }
  return length;
}

/**
 * Scores `rawTokens` of already normalised `text` (the tokens must be a
 * segmentation of the text, as jieba's are). A term matches one token or a
 * run of whole tokens, never part of a token except inside compounds (see
 * termsInside). Pure: the same input and ruleset give the same output; see
 * decision.ts for the precedence.
 */
export function classifyTokens(
  rawTokens: readonly string[],
  text: string,
  ruleset: Ruleset,
  signals?: TextSignals,
): Classification {
  const compiled = compileRuleset(ruleset);
  prepareScratch(compiled);
  const { rootNext, nodeTerm } = compiled;
  const window = ruleset.negation.window;
  const n = rawTokens.length;
  let joined = text;
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += rawTokens[i].length;
  }
  if (total !== text.length) {
    joined = rawTokens.join('');
  }
  let touchedCount = 0;
  let sawSpace = false;
  let cueAt = -1; // position (among non-space tokens) of the last negation cue in this clause
  let position = -1;
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const token = rawTokens[i];
    const start = offset;
    offset += token.length;
    if (isSpace(token)) {
      sawSpace = true;
      cueAt = -1;
      continue;
    }
    position++;
    // Walk the trie from this token's start; a term ends on a token boundary.
    let length = 0;
    let end = i;
    let node = rootNext[joined.charCodeAt(start)];
    let p = start;
    let tj = i;
    let tokenEnd = offset;
    while (node !== 0) {
      p++;
      if (p === tokenEnd) {
        const entry = nodeTerm[node];
        if (entry !== undefined) {
          chain[length++] = entry;
          end = tj;
        }
        tj++;
        if (tj >= n || tj - i >= MAX_TERM_TOKENS) {
          break;
        }
        tokenEnd += rawTokens[tj].length;
      }
      node = step(compiled, node, joined.charCodeAt(p));
    }
    const negated = cueAt >= 0 && position - cueAt <= window;
    if (length === 0) {
      if (token.length >= 3) {
        length = termsInside(compiled, joined, start, offset);
        if (length > 0) {
          touchedCount = countChain(length, negated, touchedCount);
        }
      }
      continue;
    }
    for (let j = i + 1; j <= end; j++) {
      offset += rawTokens[j].length;
      if (isSpace(rawTokens[j])) {
        sawSpace = true;
      } else {
        position++;
      }
    }
    i = end;
    // The longest term decides clause and negation.
    const best = chain[length - 1];
    if (best.clauseBreak) {
      cueAt = -1;
    }
    touchedCount = countChain(length, negated && !best.clauseBreak, touchedCount);
    if (best.cue) {
      cueAt = position;
    }
  }
  for (let t = 0; t < touchedCount; t++) {
    occurrences[touched[t]] = 0;
  }
  const tokens = sawSpace ? rawTokens.filter((t) => !isSpace(t)) : (rawTokens as string[]);
  return decide(compiled, ruleset, scan, text, tokens, signals?.urls ?? 0);
}

/** Segments normalised text and scores it. */
export function classify(text: string, ruleset: Ruleset, signals?: TextSignals): Classification {
  return classifyTokens(segment(text), text, ruleset, signals);
}
