import { CompiledRuleset } from './compiled-ruleset';
import { explain } from './explanation';
import { repeats } from './normaliser-scan';
import { contributions, scoreLearned } from './learned-scorer';
import type { Classification, RuleMatch, TextSignals } from './rule-engine';
import type { TermScan } from './term-scan';
import { Ruleset } from './ruleset';
import { ACTIONABLE_KINDS, Category, Kind, KINDS, RULED_CATEGORIES, SignalKind } from './taxonomy';

const ACTIONABLE = new Map<Kind, boolean>(KINDS.map((k) => [k, ACTIONABLE_KINDS.includes(k)]));

const round = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * From this many tokens a text is a letter: praise yields to an actionable
 * kind it carries, and spam needs its threshold per this many tokens.
 */
export const LONG_TEXT_TOKENS = 60;

/** A letter or a digit of any script: a text without one says nothing to act on. */
const SAYS_SOMETHING = /[\p{L}\p{N}]/u;

/** How many learned terms an explanation lists. */
const EXPLAINED_TERMS = 8;

/** How many different terms of `rule` the scan found. */
function distinctTerms(compiled: CompiledRuleset, scan: TermScan, rule: number): number {
  const seen = new Set<string>();
  for (let k = 0; k < scan.hitCount; k++) {
    if (scan.hitRule[k] === rule) {
      seen.add(compiled.entryTerm[scan.hitEntry[k]]);
    }
  }
  return seen.size;
}

/** Longest run of one character that `repeats` in `text`. */
export function sameCharRun(text: string): number {
  let longest = 0;
  let run = 0;
  let previous = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    run = c === previous && repeats(c) ? run + 1 : 1;
    previous = c;
    if (run > longest) {
      longest = run;
    }
  }
  return longest;
}

/** Longest run of ASCII letters and digits in `text`. */
export function alnumRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    run = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) ? run + 1 : 0;
    if (run > longest) {
      longest = run;
    }
  }
  return longest;
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
 *    thanks closing a complaint (谢谢) do not make it praise; in a text of
 *    30 tokens or more that names a matter, praise resting on one term
 *    yields to an actionable cue it carries, and in a letter (60 or more) any praise yields to an
 *    actionable cue however weak (see below);
 * 3. a comment (not a letter) whose bystander terms (大家注意, 别上当)
 *    outscore every signal kind is `other`: it warns readers, it asks
 *    nothing of the official;
 * 4. no kind signal but a clear matter (category score ≥
 *    complaintFromCategory): a citizen describing a problem to an official
 *    is complaining; else `other`.
 * Category: among the categories scoring at or above their threshold, the
 * best score, where with a ruleset `lead` the opening sentence's terms
 * count extra; else `other`. The learned model overrides a hand-written
 * category of a letter when it is fairly sure, of a comment only when it is
 * sure. Spam has category `other`.
 */
export function decide(
  compiled: CompiledRuleset,
  ruleset: Ruleset,
  scan: TermScan,
  text: string,
  tokens: string[],
  signals: TextSignals | undefined,
): Classification {
  const { thresholds, spam } = ruleset;
  const scores = scan.scores;
  const urls = signals?.urls ?? 0;
  let extra: RuleMatch[] | undefined;

  let spamScore = 0;
  for (const r of compiled.spamRules) {
    spamScore += scores[r];
  }
  if (urls > 0 && spam.url.weight > 0) {
    const w = spam.url.weight * Math.min(urls, spam.url.max);
    spamScore += w;
    (extra ??= []).push({ rule: 'spam:url', terms: [`${urls} url`], weight: round(w) });
  }
  if ((signals?.alnumRun ?? alnumRun(text)) >= spam.contact.minAlnumRun) {
    for (const pattern of compiled.contactPatterns) {
      const m = pattern.exec(text);
      if (m !== null) {
        spamScore += spam.contact.weight;
        (extra ??= []).push({
          rule: 'spam:contact',
          terms: [m[0]],
          weight: spam.contact.weight,
        });
        break;
      }
    }
  }
  const repeated = signals?.sameCharRun ?? sameCharRun(text);
  if (repeated >= spam.repetition.minCharRun) {
    spamScore += spam.repetition.weight;
    (extra ??= []).push({
      rule: 'spam:repetition',
      terms: [`${repeated}× same character`],
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
  let bestKind: SignalKind = compiled.kindsByPriority[bestKindAt];

  const long = tokens.length >= LONG_TEXT_TOKENS;
  const spamNeeded = long ? (thresholds.spam * tokens.length) / LONG_TEXT_TOKENS : thresholds.spam;

  // Category: among those with a positive score at or above the threshold,
  // the best plain score, or with a `lead` the best score plus the extra
  // weight of the opening sentence's terms.
  const categoryRules = compiled.categoryRules;
  const leadWeight = compiled.leadWeight;
  const minimum = thresholds.category;
  let category: Category = 'other';
  let categoryRule = -1;
  let categoryScore = 0;
  let bestRank = -Infinity;
  let plainBest = -1;
  let plainBestScore = 0;
  for (let c = 0; c < categoryRules.length; c++) {
    const r = categoryRules[c];
    const s = scores[r];
    if (s <= 0 || s < minimum) {
      continue;
    }
    const rank = leadWeight > 0 ? s + leadWeight * scan.lead[r] : s;
    if (rank > bestRank) {
      bestRank = rank;
      category = RULED_CATEGORIES[c];
      categoryRule = r;
      categoryScore = s;
    }
    if (s > plainBestScore) {
      plainBest = r;
      plainBestScore = s;
    }
  }

  // The learned model names the matter of a letter, and of a comment only
  // when the hand-written rules found none. On a letter (LONG_TEXT_TOKENS)
  // a hand-written category stands only where the model is unsure: a formal
  // letter that mentions 噪音 or 诈骗 in passing is about the matter the
  // model reads. A shorter text keeps its police category (which the board
  // data lacks) unless the model is sure, and a comment (under half a
  // letter) any hand-written category: the board's letters taught the model
  // their wording (路 and 挤 weigh for urban), which in a comment about a
  // bus route or a hit and run names the street, not the matter. Between
  // the two, short board messages, the model reads the matter better.
  const model = compiled.learned;
  let learnedMatches: RuleMatch[] | undefined;
  // A comment shorter than minTokens with a hand-written category cannot
  // change its category: it is not scored at all.
  const learned =
    model !== null && (tokens.length >= model.minTokens || category === 'other')
      ? scoreLearned(model, tokens)
      : null;
  if (model !== null && learned !== null && learned.featureCount > 0) {
    const enoughTerms = learned.length >= model.minTokens;
    const p = learned.probability;
    const handOnly = category !== 'other' && !model.labels.includes(category);
    const comment = category !== 'other' && tokens.length < LONG_TEXT_TOKENS / 2;
    const takes = enoughTerms
      ? p >= ((handOnly && !long) || comment ? model.sureProbability : model.minProbability)
      : category === 'other' && p >= model.sureProbability;
    if (takes) {
      const best = learned.best;
      const terms = contributions(model, learned, best, EXPLAINED_TERMS);
      category = model.labels[best];
      categoryRule = -1;
      categoryScore = learned.logits[best] - model.bias[best];
      learnedMatches = terms.map((t) => ({
        rule: `learned:${category}`,
        terms: [t.term],
        weight: t.weight,
        contribution: round(t.contribution),
      }));
    }
  }

  // A letter is judged on all it says, not on one word: thanks closing a
  // complaint (感谢, 辛苦了) leave it a complaint. In a text of some length
  // (half a letter) that names a matter, praise resting on one term yields
  // to an actionable cue it carries;
  // in a letter naming a matter, any praise yields to an actionable kind it
  // carries, or to a complaint when its praise is a single term. Yielding
  // goes to the best actionable kind with any score, else to complaint.
  if (bestKind === 'praise' && category !== 'other' && tokens.length >= LONG_TEXT_TOKENS / 2) {
    const praiseTerms = distinctTerms(compiled, scan, kindRules[bestKindAt]);
    let actionable = -1;
    for (let k = 0; k < kindRules.length; k++) {
      const s = scores[kindRules[k]];
      if (
        compiled.kindsByPriority[k] !== 'praise' &&
        s > 0 &&
        (actionable < 0 || s > scores[kindRules[actionable]])
      ) {
        actionable = k;
      }
    }
    // Under a letter's length, thanks with no actionable cue at all stay
    // thanks (感谢民警帮我找回了钱包 names a matter and asks nothing).
    if (long ? actionable >= 0 || praiseTerms < 2 : praiseTerms < 2 && actionable >= 0) {
      if (actionable >= 0) {
        bestKind = compiled.kindsByPriority[actionable];
        bestKindScore = Math.max(scores[kindRules[actionable]], thresholds.kind);
      } else {
        bestKind = 'complaint';
        bestKindScore = thresholds.kind;
      }
    }
  }

  let kind: Kind;
  let score: number;
  // Spam needs spam evidence: in a text of some length, two kinds of it, or
  // one in a text that names no matter; and a text of that length that
  // names a matter is spam only when the spam outweighs the matter (a
  // complaint about a gas account's 开户费 or a hotel's 发票 is a complaint).
  let spamSignals = extra?.length ?? 0;
  for (const r of compiled.spamRules) {
    if (scores[r] > 0) {
      spamSignals++;
    }
  }
  const short = tokens.length < LONG_TEXT_TOKENS / 2;
  if (
    spamScore >= spamNeeded &&
    spamScore > bestKindScore &&
    (short || category === 'other' || (spamSignals >= 2 && spamScore > categoryScore))
  ) {
    kind = 'spam';
    category = 'other';
    score = spamScore;
  } else if (!SAYS_SOMETHING.test(text)) {
    // Punctuation, symbols and emoji without alt text (！！！？？？): no
    // word to act on (links alone are judged as spam above).
    kind = 'other';
    category = 'other';
    score = 0;
  } else if (
    !long &&
    compiled.bystanderRule >= 0 &&
    scores[compiled.bystanderRule] >= thresholds.kind &&
    scores[compiled.bystanderRule] > bestKindScore
  ) {
    // A comment warning other readers (大家注意, 别上当) asks nothing of
    // the official; a letter is never judged so on a phrase.
    kind = 'other';
    score = scores[compiled.bystanderRule];
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
  if (category !== 'other' && categoryRule >= 0 && categoryRule !== plainBest) {
    // The opening sentence outweighed a higher plain score: say so.
    const terms: string[] = [];
    for (let k = 0; k < scan.hitCount; k++) {
      if (scan.hitRule[k] === categoryRule && scan.hitLead[k] === 1) {
        const term = compiled.entryTerm[scan.hitEntry[k]];
        if (!terms.includes(term)) {
          terms.push(term);
        }
      }
    }
    (extra ??= []).push({
      rule: 'lead',
      terms,
      weight: round(leadWeight * scan.lead[categoryRule]),
    });
  }

  return {
    kind,
    category,
    actionable: ACTIONABLE.get(kind) === true,
    score: round(score),
    matches:
      learnedMatches === undefined || kind === 'spam'
        ? explain(compiled, scan, extra)
        : [...learnedMatches, ...explain(compiled, scan, extra)],
    tokens,
    rulesetVersion: ruleset.version,
  };
}
