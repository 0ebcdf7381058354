import { Matches, type ValidationOptions } from 'class-validator';

/** A 6-digit administrative division code of GB/T 2260 (430100: 长沙市); 1 to 8 lead the provinces. */
export const REGION_CODE = /^[1-8][0-9]{5}$/;
export const REGION_CODE_PROBLEM =
  'must be a 6-digit administrative division code (GB/T 2260), e.g. 430100';

/**
 * A leader's region, and every filter on it: a filter that no leader's
 * code could match is a mistake to say so, not an empty ranking (or a
 * frozen, hashed, empty snapshot).
 */
export function IsRegionCode(options?: ValidationOptions): PropertyDecorator {
  return Matches(REGION_CODE, {
    message: (args) => `${args.property} ${REGION_CODE_PROBLEM}`,
    ...options,
  });
}
