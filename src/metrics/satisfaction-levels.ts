/**
 * Survey levels of the public-security evaluation practice (110 call-back,
 * SMS) and their v1 scores (SPEC section 5). Traditional forms are accepted
 * (SPEC section 4), as are the English names.
 */
export const SATISFACTION_SCORES = [100, 75, 50, 0] as const;
export type SatisfactionScore = (typeof SATISFACTION_SCORES)[number];

export type SatisfactionLevel = '满意' | '较满意' | '一般' | '不满意';

const SCORE_BY_LEVEL: ReadonlyMap<string, SatisfactionScore> = new Map<string, SatisfactionScore>([
  ['满意', 100],
  ['滿意', 100],
  ['satisfied', 100],
  ['较满意', 75],
  ['較滿意', 75],
  ['fairly_satisfied', 75],
  ['一般', 50],
  ['neutral', 50],
  ['不满意', 0],
  ['不滿意', 0],
  ['dissatisfied', 0],
]);

/** The score for a survey level, or null if the text is not a known level. */
export function satisfactionScoreFor(level: string): SatisfactionScore | null {
  return SCORE_BY_LEVEL.get(level.trim()) ?? null;
}

export function isSatisfactionScore(value: number): value is SatisfactionScore {
  return (SATISFACTION_SCORES as readonly number[]).includes(value);
}
