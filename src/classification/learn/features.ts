/**
 * The features the learned category model reads, shared by training and by
 * the scorer: content tokens (jieba tokens that hold a letter, digit or
 * Chinese character and are not in the model's skip list), each one alone
 * and each pair of neighbouring content tokens, written `a b`. The k-th
 * repeat of a feature adds 1/√k, as the hand-written rules count repeats,
 * and the first `leadTokens` content tokens (the subject line of a letter,
 * the opening of a comment) count `1 + leadWeight` times. A message of more
 * than `referenceLength` content tokens has its values divided by
 * √(length / referenceLength), so a long letter does not outvote a short
 * one by its length alone.
 */
export interface FeatureOptions {
  skip: ReadonlySet<string>;
  leadTokens: number;
  leadWeight: number;
  referenceLength: number;
}

/** What every feature value of a message with `length` content tokens is divided by. */
export function lengthScale(length: number, referenceLength: number): number {
  return length > referenceLength ? Math.sqrt(length / referenceLength) : 1;
}

/** Whether a token holds a letter, a digit or a CJK character (punctuation and spaces do not). */
export function isContentToken(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0x30 && c <= 0x39) ||
      ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) ||
      (c >= 0x3400 && c <= 0x4dbf)
    ) {
      return true;
    }
  }
  return false;
}

export function contentTokens(tokens: readonly string[], skip: ReadonlySet<string>): string[] {
  return tokens.filter((t) => isContentToken(t) && !skip.has(t));
}

/** The separator of a token pair's two tokens (tokens never hold whitespace). */
export const PAIR = ' ';

/** Feature → value for one message's tokens. */
export function featureValues(
  tokens: readonly string[],
  options: FeatureOptions,
): Map<string, number> {
  const content = contentTokens(tokens, options.skip);
  const counts = new Map<string, number>();
  const values = new Map<string, number>();
  const norm = lengthScale(content.length, options.referenceLength);
  const add = (feature: string, scale: number): void => {
    const k = (counts.get(feature) ?? 0) + 1;
    counts.set(feature, k);
    values.set(feature, (values.get(feature) ?? 0) + scale / Math.sqrt(k));
  };
  for (let i = 0; i < content.length; i++) {
    const scale = (i < options.leadTokens ? 1 + options.leadWeight : 1) / norm;
    add(content[i], scale);
    if (i > 0) {
      add(content[i - 1] + PAIR + content[i], scale);
    }
  }
  return values;
}
