import { CompiledRuleset } from './compiled-ruleset';
import type { RuleMatch } from './rule-engine';
import type { TermScan } from './term-scan';

const round = (n: number): number => Math.round(n * 1000) / 1000;

/** For explain(): the match each rule went to, or -1. */
let matchOfRule = new Int32Array(64);
/** Placeholder until a match's first term; replaced by a one-element array (no growing). */
const NO_TERMS: string[] = [];

/**
 * Every rule that fired, with its terms and total weight, in rule order
 * (kinds, categories, spam, then text signals and lead, then negation). One
 * pass over the hits; a term is listed once per rule.
 */
export function explain(
  compiled: CompiledRuleset,
  scan: TermScan,
  extra: RuleMatch[] | undefined,
): RuleMatch[] {
  const matches: RuleMatch[] = [];
  const { hitRule, hitEntry, hitCount, scores } = scan;
  const { entryTerm, ruleNames } = compiled;
  const ruleCount = ruleNames.length;
  if (matchOfRule.length < ruleCount) {
    matchOfRule = new Int32Array(ruleCount * 2);
  }
  for (let r = 0; r < ruleCount; r++) {
    if (scores[r] === 0) {
      matchOfRule[r] = -1;
      continue;
    }
    matchOfRule[r] = matches.length;
    matches.push({ rule: ruleNames[r], terms: NO_TERMS, weight: round(scores[r]) });
  }
  for (let k = 0; k < hitCount; k++) {
    const m = matchOfRule[hitRule[k]];
    if (m < 0) {
      continue;
    }
    const match = matches[m];
    const terms = match.terms;
    const term = entryTerm[hitEntry[k]];
    if (terms === NO_TERMS) {
      match.terms = [term];
      continue;
    }
    let known = false;
    for (let t = 0; t < terms.length && !known; t++) {
      known = terms[t] === term;
    }
    if (!known) {
      terms.push(term);
    }
  }
  if (extra !== undefined) {
    for (const m of extra) {
      matches.push(m);
    }
  }
  if (scan.negatedCount > 0) {
    const terms: string[] = [];
    for (let k = 0; k < scan.negatedCount; k++) {
      const term = entryTerm[scan.negatedEntries[k]];
      if (!terms.includes(term)) {
        terms.push(term);
      }
    }
    matches.push({ rule: 'negation', terms, weight: round(-scan.negatedWeight) });
  }
  return matches;
}
