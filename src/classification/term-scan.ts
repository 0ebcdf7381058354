import { CompiledRuleset, probe, hashStep } from './compiled-ruleset';

/**
 * The scan of one message's tokens against the compiled terms: scratch
 * buffers reused across calls (classification is synchronous, and
 * allocating per message costs more than the matching itself), the chain of
 * terms found at one position, how hits are counted, and terms inside
 * compound tokens. rule-engine.ts walks the tokens; decision.ts reads the
 * scan.
 */
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
export const MAX_TERM_TOKENS = 8;
const REPEAT_FACTORS = Float64Array.from({ length: 64 }, (_, k) =>
  k === 0 ? 0 : 1 / Math.sqrt(k),
);

// Scratch space reused across calls: classification is synchronous, and
// allocating per message costs more than the matching itself.
export const scan: TermScan = {
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

export function prepareScratch(compiled: CompiledRuleset): void {
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

export function isSpace(token: string): boolean {
  const c = token.charCodeAt(0);
  return c <= 0x20 || c === 0x3000 || c === 0xa0;
}

function grow<T extends Int32Array | Uint8Array>(array: T): T {
  const grown = new (array.constructor as new (n: number) => T)(array.length * 2);
  grown.set(array);
  return grown;
}

export function pushChain(length: number, entry: number): number {
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
export function countChain(
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
export function termsInside(
  compiled: CompiledRuleset,
  text: string,
  from: number,
  to: number,
): number {
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

/** The entry at `index` of the chain found at the current position. */
export function chainEntry(index: number): number {
  return chain[index];
}

/** Clears the repeat counts of the entries this message touched. */
export function finishScan(): void {
  for (let t = 0; t < touchedCount; t++) {
    occurrences[touched[t]] = 0;
  }
}
