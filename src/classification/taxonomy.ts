/** The two axes a citizen message is sorted on (SPEC section 3). */

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

/** Kinds that ask something of the leader and so open a case. */
export const ACTIONABLE_KINDS: readonly Kind[] = ['complaint', 'help', 'inquiry', 'suggestion'];

/** Kinds that the ruleset scores with terms; `other` and `spam` are decided otherwise. */
export const SIGNAL_KINDS = ['complaint', 'help', 'inquiry', 'suggestion', 'praise'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

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

/** Categories that the ruleset scores with terms; `other` is what is left. */
export type RuledCategory = Exclude<Category, 'other'>;
export const RULED_CATEGORIES: readonly RuledCategory[] = CATEGORIES.filter(
  (c): c is RuledCategory => c !== 'other',
);

export const SPAM_GROUPS = ['ad', 'gambling', 'porn', 'followers', 'invoice'] as const;
export type SpamGroup = (typeof SPAM_GROUPS)[number];

export function isActionable(kind: Kind): boolean {
  return ACTIONABLE_KINDS.includes(kind);
}

export function isKind(value: string): value is Kind {
  return (KINDS as readonly string[]).includes(value);
}

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}
