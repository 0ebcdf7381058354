import { CompiledRuleset } from './compiled-ruleset';
import type { Classification, RuleMatch, TermScan } from './rule-engine';
import { Ruleset } from './ruleset';
import { Category, isActionable, Kind, RULED_CATEGORIES, SignalKind } from './taxonomy';

const round = (n: number): number => Math.round(n * 1000) / 1000;

/** Text shape for the spam rules: the longest run of one character and of ASCII letters/digits. */
function textRuns(text: string): { sameChar: number; alnum: number } {
  let sameChar = 0;
  let alnum = 0;
  let runSame = 0;
  let runAlnum = 0;
  let previous = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    runSame = c === previous && c > 0x20 ? runSame + 1 : 1;
    previous = c;
    if (runSame > sameChar) {
      sameChar = runSame;
    }
    const isAlnum = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
    runAlnum = isAlnum ? runAlnum + 1 : 0;
    if (runAlnum > alnum) {
      alnum = runAlnum;
    }
  }
  return { sameChar, alnum };
}

/**
 * Turns scores into a decision. Precedence, because one comment often
 * carries several signals:
 * 1. spam, when its score reaches the threshold AND beats every signal kind:
 *    a fraud victim quoting the swindler's QQ number is still a victim;
 * 2. otherwise the signal kind with the highest score, ties going to the
 *    ruleset's kindPriority (help before complaint before inquiry …). Bare
 *    question marks weigh little and rhetorical complaint phrases (为什么没人管,
 *    合理吗) much, so a question full of grievance is a complaint, and polite
 *    thanks closing a complaint (谢谢) do not make it praise;
 * 3. no kind signal but a clear matter (category score ≥
 *    complaintFromCategory): a citizen describing a problem to an official
 *    is complaining; else `other`.
 * Category: the best-scoring category at or above its threshold, else
 * `other`; spam has category `other`.
 */
export function decide(
  compiled: CompiledRuleset,
  ruleset: Ruleset,
  scan: TermScan,
  text: string,
  tokens: string[],
  urls: number,
): Classification {
  const { thresholds, spam } = ruleset;
  const scores = scan.scores;
  const extra: RuleMatch[] = [];

  let spamScore = 0;
  for (const r of compiled.spamRules) {
    spamScore += scores[r];
  }
  if (urls > 0 && spam.url.weight > 0) {
    const w = spam.url.weight * Math.min(urls, spam.url.max);
    spamScore += w;
    extra.push({ rule: 'spam:url', terms: [`${urls} url`], weight: round(w) });
  }
  const runs = textRuns(text);
  if (runs.alnum >= spam.contact.minAlnumRun) {
    for (const pattern of compiled.contactPatterns) {
      const m = pattern.exec(text);
      if (m !== null) {
        spamScore += spam.contact.weight;
        extra.push({ rule: 'spam:contact', terms: [m[0]], weight: spam.contact.weight });
        break;
      }
    }
  }
  if (runs.sameChar >= spam.repetition.minCharRun) {
    spamScore += spam.repetition.weight;
    extra.push({
      rule: 'spam:repetition',
      terms: [`${runs.sameChar}× same character`],
      weight: spam.repetition.weight,
    });
  }

  // Typed index arrays: ties keep the earlier entry (kindPriority, then RULED_CATEGORIES order).
  const kindRules = compiled.kindRulesByPriority;
  let bestKindAt = 0;
  let bestKindScore = -Infinity;
  for (let k = 0; k < kindRules.length; k++) {
    const s = scores[kindRules[k]];
    if (s > bestKindScore) {
      bestKindAt = k;
      bestKindScore = s;
    }
  }
  const bestKind: SignalKind = ruleset.kindPriority[bestKindAt];
  const categoryRules = compiled.categoryRules;
  let category: Category = 'other';
  let categoryScore = 0;
  for (let c = 0; c < categoryRules.length; c++) {
    const s = scores[categoryRules[c]];
    if (s > categoryScore) {
      category = RULED_CATEGORIES[c];
      categoryScore = s;
    }
  }
  if (categoryScore < thresholds.category) {
    category = 'other';
  }

  let kind: Kind;
  let score: number;
  if (spamScore >= thresholds.spam && spamScore > bestKindScore) {
    kind = 'spam';
    category = 'other';
    score = spamScore;
  } else if (bestKindScore >= thresholds.kind) {
    kind = bestKind;
    score = bestKindScore + (category === 'other' ? 0 : categoryScore);
  } else if (category !== 'other' && categoryScore >= thresholds.complaintFromCategory) {
    kind = 'complaint';
    score = categoryScore;
  } else {
    kind = 'other';
    score = category === 'other' ? 0 : categoryScore;
  }

  return {
    kind,
    category,
    actionable: isActionable(kind),
    score: round(score),
    matches: explain(compiled, scan, extra),
    tokens,
    rulesetVersion: ruleset.version,
  };
}

/** Every rule that fired, with its terms and total weight, in rule order (kinds, categories, spam, negation). */
function explain(compiled: CompiledRuleset, scan: TermScan, extra: RuleMatch[]): RuleMatch[] {
  const matches: RuleMatch[] = [];
  const ruleCount = compiled.ruleNames.length;
  for (let r = 0; r < ruleCount; r++) {
    if (scan.scores[r] === 0) {
      continue;
    }
    const terms: string[] = [];
    for (let k = 0; k < scan.hitCount; k++) {
      if (scan.hitRule[k] === r && !terms.includes(scan.hitTerm[k])) {
        terms.push(scan.hitTerm[k]);
      }
    }
    matches.push({ rule: compiled.ruleNames[r], terms, weight: round(scan.scores[r]) });
  }
  for (const m of extra) {
    matches.push(m);
  }
  if (scan.negatedCount > 0) {
    const terms: string[] = [];
    for (let k = 0; k < scan.negatedCount; k++) {
      if (!terms.includes(scan.negatedTerms[k])) {
        terms.push(scan.negatedTerms[k]);
      }
    }
    matches.push({ rule: 'negation', terms, weight: round(-scan.negatedWeight) });
  }
  return matches;
}
