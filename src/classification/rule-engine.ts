import {
  CLAUSE_BREAK,
  compileRuleset,
  CUE,
  GOLDEN,
  hashStep,
  SENTENCE_END,
} from './compiled-ruleset';
import { decide } from './decision';
import { Ruleset } from './ruleset';
import { segment } from './segmenter';
import { Category, Kind } from './taxonomy';

export interface RuleMatch {
  /** `kind:help`, `category:traffic`, `spam:contact`, `negation`, `lead` … */
  rule: string;
  terms: string[];
  /** What the rule added to its score (negative for `negation`: what it took away). */
  weight: number;
  /**
   * For a learned term (`learned:<category>`): what it added to the chosen
   * category's score, its weight times its value in this text. Such matches
   * come first, largest contribution first.
   */
  contribution?: number;
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
  /**
   * Longest run of one repeated character and of ASCII letters/digits in the
   * text, when the caller already measured them (the normaliser does); else
   * they are measured here.
   */
  sameCharRun?: number;
  alnumRun?: number;
}

import {
  chainEntry,
  countChain,
  finishScan,
  isSpace,
  MAX_TERM_TOKENS,
  prepareScratch,
  pushChain,
  scan,
  termsInside,
} from './term-scan';

export type { TermScan } from './term-scan';

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
  const { seed, table, mask, shift, filter, chars, entryInfo } = compiled;
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
  let inLead = compiled.leadWeight > 0;
  let sawSpace = false;
  let cueAt = -1; // position (among non-space tokens) of the last negation cue in this clause
  let position = -1;
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const start = offset;
    const tokenLength = rawTokens[i].length;
    offset += tokenLength;
    if (tokenLength === 0) {
      continue;
    }
    const first = joined.charCodeAt(start);
    if (first <= 0x20 || first === 0x3000 || first === 0xa0) {
      // A whitespace token (jieba gives whitespace tokens of their own).
      sawSpace = true;
      cueAt = -1;
      continue;
    }
    position++;
    // Hash from this token's start; probe at each token boundary. A term
    // ends on a token boundary; the walk goes on while the text so far is
    // the prefix of a longer term. (probe() and holds(), inlined.)
    let length = 0;
    let end = i;
    let h = seed;
    let p = start;
    let tj = i;
    let tokenEnd = offset;
    for (;;) {
      while (p < tokenEnd) {
        h = hashStep(h, joined.charCodeAt(p));
        p++;
      }
      if (((filter[h >>> 21] >>> ((h >>> 16) & 31)) & 1) === 0) {
        break;
      }
      const fingerprint = h & 0xffff;
      let slot = Math.imul(h, GOLDEN) >>> shift;
      let word = table[slot];
      while (word !== 0 && word >>> 16 !== fingerprint) {
        slot = (slot + 1) & mask;
        word = table[slot];
      }
      const value = word & 0xffff;
      if (value === 0) {
        break;
      }
      const entry = (value >> 1) - 1;
      if (entry >= 0) {
        let k = entryInfo[4 * entry];
        let same = entryInfo[4 * entry + 1] === p - start;
        for (let q = start; same && q < p; q++, k++) {
          same = chars[k] === joined.charCodeAt(q);
        }
        if (same) {
          length = pushChain(length, entry);
          end = tj;
        }
      }
      tj++;
      if ((value & 1) === 0 || tj >= n || tj - i >= MAX_TERM_TOKENS) {
        break;
      }
      tokenEnd += rawTokens[tj].length;
    }
    const negated = cueAt >= 0 && position - cueAt <= window;
    if (length === 0) {
      if (tokenLength >= 3) {
        length = termsInside(compiled, joined, start, offset);
        if (length > 0) {
          countChain(compiled, length, negated, inLead);
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
    const info = entryInfo[4 * chainEntry(length - 1) + 3];
    const flags = info & 0xff;
    if ((flags & CLAUSE_BREAK) !== 0) {
      cueAt = -1;
    }
    if (length > 1 || info >> 8 !== 0) {
      countChain(compiled, length, negated && (flags & CLAUSE_BREAK) === 0, inLead);
    }
    if ((flags & CUE) !== 0) {
      cueAt = position;
    }
    if ((flags & SENTENCE_END) !== 0) {
      inLead = false;
    }
  }
  finishScan();
  const tokens = sawSpace ? rawTokens.filter((t) => !isSpace(t)) : (rawTokens as string[]);
  return decide(compiled, ruleset, scan, text, tokens, signals);
}

/** Segments normalised text and scores it. */
export function classify(text: string, ruleset: Ruleset, signals?: TextSignals): Classification {
  return classifyTokens(segment(text), text, ruleset, signals);
}
