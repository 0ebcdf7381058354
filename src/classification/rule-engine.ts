import {
  CLAUSE_BREAK,
  compileRuleset,
  CompiledRuleset,
  CUE,
  GOLDEN,
  hashStep,
  probe,
  SENTENCE_END,
} from './compiled-ruleset';
import { decide } from './decision';
import { scoreLearned } from './learned-scorer';
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

/** What one message's scan found; lives in reused buffers, read by decide(). */
export interface TermScan {
  scores: Float64Array;
  /** Per category rule: what terms of the opening sentence added (see Ruleset.lead). */
  lead: Float64Array;
  /** Parallel lists of counted hits: rule index, the entry (term) that fed it, whether in the opening sentence. */
  hitRule: Int32Array;
  hitEntry: Int32Array;
  hitLead: Uint8Array;
  hitCount: number;
  /** Entries whose hits a negation silenced. */
  negatedEntries: Int32Array;
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
  lead: new Float64Array(64),
  hitRule: new Int32Array(256),
  hitEntry: new Int32Array(256),
  hitLead: new Uint8Array(256),
  hitCount: 0,
  negatedEntries: new Int32Array(64),
  negatedCount: 0,
  negatedWeight: 0,
};
let ruleStamp = new Int32Array(64);
let stamp = 0;
let occurrences = new Int32Array(1024);
let touched = new Int32Array(256);
let touchedCount = 0;
/** Entries found at one position, shortest first. */
let chain = new Int32Array(64);

function prepareScratch(compiled: CompiledRuleset): void {
  const rules = compiled.ruleNames.length;
  if (scan.scores.length < rules) {
    scan.scores = new Float64Array(rules * 2);
    scan.lead = new Float64Array(rules * 2);
    ruleStamp = new Int32Array(rules * 2);
  }
  if (occurrences.length < compiled.termCount) {
    occurrences = new Int32Array(compiled.termCount * 2);
  }
  // Plain loops: TypedArray.prototype.fill is a runtime call, slow for a few dozen slots.
  const { scores, lead } = scan;
  for (let r = 0; r < rules; r++) {
    scores[r] = 0;
  }
  if (compiled.leadWeight > 0) {
    for (let r = 0; r < rules; r++) {
      lead[r] = 0;
    }
  }
  scan.hitCount = 0;
  scan.negatedCount = 0;
  scan.negatedWeight = 0;
  touchedCount = 0;
}

function isSpace(token: string): boolean {
  const c = token.charCodeAt(0);
  return c <= 0x20 || c === 0x3000 || c === 0xa0;
}

function grow<T extends Int32Array | Uint8Array>(array: T): T {
  const grown = new (array.constructor as new (n: number) => T)(array.length * 2);
  grown.set(array);
  return grown;
}

function pushChain(length: number, entry: number): number {
  if (length === chain.length) {
    chain = grow(chain);
  }
  chain[length] = entry;
  return length + 1;
}

function growHits(): void {
  scan.hitRule = grow(scan.hitRule);
  scan.hitEntry = grow(scan.hitEntry);
  scan.hitLead = grow(scan.hitLead);
}

function recordNegated(entry: number): void {
  const n = scan.negatedCount;
  if (n > 0 && scan.negatedEntries[n - 1] === entry) {
    return;
  }
  if (n === scan.negatedEntries.length) {
    scan.negatedEntries = grow(scan.negatedEntries);
  }
  scan.negatedEntries[n] = entry;
  scan.negatedCount = n + 1;
}

/**
 * Adds the hits of the entries in `chain[0..length)`, longest last. Each rule
 * counts one term per position, the longest that feeds it: 被骗了 feeds fraud,
 * and the 被骗 inside it still feeds complaint.
 */
function countChain(
  compiled: CompiledRuleset,
  length: number,
  negated: boolean,
  inLead: boolean,
): void {
  const { entryInfo, hits, firstCategoryRule, endCategoryRule } = compiled;
  const scores = scan.scores;
  stamp++;
  for (let c = length - 1; c >= 0; c--) {
    const entry = chain[c];
    const first = entryInfo[4 * entry + 2];
    const end = first + (entryInfo[4 * entry + 3] >> 8);
    let factor = 0;
    for (let h = first; h < end; h++) {
      const code = hits[2 * h];
      const rule = code >> 1;
      const weight = hits[2 * h + 1];
      if (ruleStamp[rule] === stamp) {
        continue;
      }
      ruleStamp[rule] = stamp;
      if (negated && (code & 1) === 1) {
        scan.negatedWeight += weight;
        recordNegated(entry);
        continue;
      }
      if (factor === 0) {
        // The k-th repeat of a term adds 1/√k of its weight.
        const k = ++occurrences[entry];
        if (k === 1) {
          if (touchedCount === touched.length) {
            touched = grow(touched);
          }
          touched[touchedCount++] = entry;
        }
        factor = k < 64 ? REPEAT_FACTORS[k] : 1 / Math.sqrt(k);
      }
      const added = weight * factor;
      scores[rule] += added;
      const lead = inLead && rule >= firstCategoryRule && rule < endCategoryRule;
      if (lead) {
        scan.lead[rule] += added;
      }
      const at = scan.hitCount;
      if (at === scan.hitRule.length) {
        growHits();
      }
      scan.hitRule[at] = rule;
      scan.hitEntry[at] = entry;
      scan.hitLead[at] = lead ? 1 : 0;
      scan.hitCount = at + 1;
    }
  }
}

/** Whether `text` holds entry's term exactly at [from, to). */
function holds(
  compiled: CompiledRuleset,
  entry: number,
  text: string,
  from: number,
  to: number,
): boolean {
  const { chars, entryInfo } = compiled;
  let k = entryInfo[4 * entry];
  if (entryInfo[4 * entry + 1] !== to - from) {
    return false;
  }
  for (let i = from; i < to; i++, k++) {
    if (chars[k] !== text.charCodeAt(i)) {
      return false;
    }
  }
  return true;
}

/** Candidate terms inside one compound token: start, end (exclusive), entry. */
const innerStart: number[] = [];
const innerEnd: number[] = [];
const innerEntry: number[] = [];

/**
 * Terms of two or more characters inside a token that is not itself the
 * start of a term: jieba's dictionary makes 火车站 of 火车 and 补办身份证 of
 * 身份证. Fills `chain` shortest first (so the longest claims its rules) and
 * returns its length; terms inside a longer found term are left out.
 */
function termsInside(compiled: CompiledRuleset, text: string, from: number, to: number): number {
  const { seed, entryInfo } = compiled;
  let found = 0;
  for (let a = from; a < to - 1; a++) {
    let h = seed;
    for (let q = a + 1; q <= to; q++) {
      h = hashStep(h, text.charCodeAt(q - 1));
      const value = probe(compiled, h);
      if (value === 0) {
        break;
      }
      const entry = (value >> 1) - 1;
      if (
        entry >= 0 &&
        q - a >= 2 &&
        q - a < to - from &&
        entryInfo[4 * entry + 3] >> 8 !== 0 &&
        holds(compiled, entry, text, a, q)
      ) {
        innerStart[found] = a;
        innerEnd[found] = q;
        innerEntry[found] = entry;
        found++;
      }
      if ((value & 1) === 0) {
        break;
      }
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
        length = pushChain(length, innerEntry[k]);
      }
    }
  }
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
    const info = entryInfo[4 * chain[length - 1] + 3];
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
  for (let t = 0; t < touchedCount; t++) {
    occurrences[touched[t]] = 0;
  }
  const tokens = sawSpace ? rawTokens.filter((t) => !isSpace(t)) : (rawTokens as string[]);
  const learned = compiled.learned === null ? null : scoreLearned(compiled.learned, tokens);
  return decide(compiled, ruleset, scan, learned, text, tokens, signals);
}

/** Segments normalised text and scores it. */
export function classify(text: string, ruleset: Ruleset, signals?: TextSignals): Classification {
  return classifyTokens(segment(text), text, ruleset, signals);
}
