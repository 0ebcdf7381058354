/**
 * The v1 scores of the survey levels (SPEC section 5: 满意 100, 较满意 75,
 * 一般 50, 不满意 0). Levels are parsed where surveys are recorded
 * (src/cases/satisfaction.ts); metrics only check the stored scores.
 */
export const SATISFACTION_SCORES = [100, 75, 50, 0] as const;
export type SatisfactionScore = (typeof SATISFACTION_SCORES)[number];

export function isSatisfactionScore(value: number): value is SatisfactionScore {
  return (SATISFACTION_SCORES as readonly number[]).includes(value);
}
