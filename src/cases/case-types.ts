/** The message taxonomy of SPEC section 3, shared by cases, policies and metrics. */

export const KINDS = [
  'complaint',
  'help',
  'inquiry',
  'suggestion',
  'praise',
  'other',
  'spam',
] as const;
export type Kind = (typeof KINDS)[number];

export const CATEGORIES = [
  'public_order',
  'traffic',
  'police_conduct',
  'fraud',
  'household_id',
  'noise',
  'fire',
  'environment',
  'urban',
  'labour',
  'education',
  'health',
  'commerce',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Kinds that open a case (SPEC section 3). */
export const ACTIONABLE_KINDS: readonly Kind[] = ['complaint', 'help', 'inquiry', 'suggestion'];

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
}

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

export function isActionable(kind: Kind): boolean {
  return ACTIONABLE_KINDS.includes(kind);
}
