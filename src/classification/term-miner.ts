/**
 * Proposes weighted terms per label from labelled, segmented messages:
 * log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi &
 * Quinn 2008, "Fightin' Words"), each label against all the others. Counts
 * are document frequencies, so one long letter repeating a word does not
 * make it a keyword. The output is a proposal for a person to review.
 */
export interface LabelledTokens {
  label: string;
  tokens: readonly string[];
}

export interface MinedTerm {
  term: string;
  /** Rule weight: the log-odds ratio, scaled and capped. */
  weight: number;
  /** Log-odds ratio divided by its standard deviation. */
  z: number;
  /** Documents of the label containing the term. */
  count: number;
}

export interface MiningOptions {
  /** Total prior mass α0 spread over the vocabulary by overall frequency. */
  priorMass?: number;
  /** A term must occur in at least this many documents of the label (an opening-sentence occurrence counts leadWeight). */
  minCount?: number;
  /** A term must be at least this many standard deviations above zero. */
  minZ?: number;
  maxTermsPerLabel?: number;
  /** Weight = min(maxWeight, logOdds × weightScale). */
  weightScale?: number;
  maxWeight?: number;
  isCandidate?: (token: string) => boolean;
  /** Also propose two adjacent candidate tokens as one phrase. */
  bigrams?: boolean;
  /**
   * A term in a document's opening sentence (before the first of
   * `sentenceEnds`: a letter's subject line) counts as this many documents.
   * Matches the ruleset's `lead`, which weighs such terms more when ranking.
   */
  leadWeight?: number;
  sentenceEnds?: readonly string[];
}

export const DEFAULT_SENTENCE_ENDS: readonly string[] = ['。', '!', '?'];

const STOP_WORDS = new Set(
  (
    '我们 你们 他们 她们 它们 自己 什么 这个 那个 这些 那些 这里 那里 这样 那样 因为 所以 但是 而且 如果 虽然 然后 还是 或者 已经 ' +
    '没有 不是 就是 可以 可能 应该 需要 能够 进行 对于 关于 以及 以上 以下 其中 之后 之前 现在 目前 今天 昨天 一个 一些 一下 一直 ' +
    '还有 只有 所有 每个 各位 有关 相关 部门 领导 您好 你好 谢谢 问题 情况 反映 希望 请求 要求 处理 解决 尽快 时候 时间 地方 ' +
    '我市 本市 市民 群众 老百姓 人员 工作 方面 问题 事情 事情 感谢 请问 为什么 怎么 如何 是否 非常 十分 特别 严重 一定 无法 不能'
  ).split(' '),
);

/** Two or more Chinese characters, no digits or Latin letters (the data's anonymised A市, A3区). */
export function isCandidateToken(token: string): boolean {
  if (token.length < 2 || STOP_WORDS.has(token)) {
    return false;
  }
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 0x4e00 || c > 0x9fff) {
      return false;
    }
  }
  return true;
}

export function mineTerms(
  docs: readonly LabelledTokens[],
  options: MiningOptions = {},
): Record<string, MinedTerm[]> {
  const {
    priorMass = 5000,
    minCount = 2,
    minZ = 1,
    maxTermsPerLabel = 150,
    weightScale = 1.5,
    maxWeight = 5,
    isCandidate = isCandidateToken,
    bigrams = false,
    leadWeight = 2,
    sentenceEnds = DEFAULT_SENTENCE_ENDS,
  } = options;
  const ends = new Set(sentenceEnds);

  const labels = [...new Set(docs.map((d) => d.label))].sort();
  // Weighted document frequencies (a term in the opening sentence counts
  // leadWeight), and plain ones for `count` and `minCount`.
  const byLabel = new Map<string, Map<string, number>>(labels.map((l) => [l, new Map()]));
  const docsByLabel = new Map<string, Map<string, number>>(labels.map((l) => [l, new Map()]));
  const overall = new Map<string, number>();
  for (const doc of docs) {
    const counts = byLabel.get(doc.label) as Map<string, number>;
    const docCounts = docsByLabel.get(doc.label) as Map<string, number>;
    for (const [term, w] of docTerms(doc.tokens, isCandidate, bigrams, ends, leadWeight)) {
      counts.set(term, (counts.get(term) ?? 0) + w);
      docCounts.set(term, (docCounts.get(term) ?? 0) + 1);
      overall.set(term, (overall.get(term) ?? 0) + w);
    }
  }
  let total = 0;
  for (const c of overall.values()) {
    total += c;
  }
  const labelTotals = new Map(
    labels.map((l) => [l, sum((byLabel.get(l) as Map<string, number>).values())]),
  );

  const result: Record<string, MinedTerm[]> = {};
  for (const label of labels) {
    const counts = byLabel.get(label) as Map<string, number>;
    const docCounts = docsByLabel.get(label) as Map<string, number>;
    const nI = labelTotals.get(label) ?? 0;
    const nJ = total - nI;
    const mined: MinedTerm[] = [];
    for (const [term, yI] of counts) {
      if (yI < minCount) {
        continue;
      }
      const yJ = (overall.get(term) ?? 0) - yI;
      const alpha = (priorMass * (overall.get(term) ?? 0)) / total;
      const logOddsI = Math.log((yI + alpha) / (nI + priorMass - yI - alpha));
      const logOddsJ = Math.log((yJ + alpha) / (nJ + priorMass - yJ - alpha));
      const delta = logOddsI - logOddsJ;
      const z = delta / Math.sqrt(1 / (yI + alpha) + 1 / (yJ + alpha));
      if (delta <= 0 || z < minZ) {
        continue;
      }
      mined.push({
        term,
        weight: round2(Math.min(maxWeight, delta * weightScale)),
        z: round2(z),
        count: docCounts.get(term) ?? 0,
      });
    }
    mined.sort((a, b) => b.z - a.z || a.term.localeCompare(b.term));
    result[label] = mined.slice(0, maxTermsPerLabel);
  }
  return result;
}

/** The document's candidate terms, each weighted leadWeight if it occurs in the opening sentence, else 1. */
function docTerms(
  tokens: readonly string[],
  isCandidate: (t: string) => boolean,
  bigrams: boolean,
  sentenceEnds: ReadonlySet<string>,
  leadWeight: number,
): Map<string, number> {
  const terms = new Map<string, number>();
  // Without a sentence end the whole document is one sentence: no emphasis.
  let weight = tokens.some((t) => sentenceEnds.has(t)) ? leadWeight : 1;
  const add = (term: string): void => {
    const known = terms.get(term);
    if (known === undefined || known < weight) {
      terms.set(term, weight);
    }
  };
  for (let i = 0; i < tokens.length; i++) {
    if (sentenceEnds.has(tokens[i])) {
      weight = 1;
    }
    if (!isCandidate(tokens[i])) {
      continue;
    }
    add(tokens[i]);
    if (bigrams && i + 1 < tokens.length && isCandidate(tokens[i + 1])) {
      add(tokens[i] + tokens[i + 1]);
    }
  }
  return terms;
}

function sum(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) {
    s += v;
  }
  return s;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
