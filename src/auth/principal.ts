export const ROLES = ['admin', 'leader', 'staff', 'auditor', 'evaluator'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: an API key and what it may see. */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  /** The leaders a `leader` or `staff` key is bound to; empty for the other roles. */
  leaderIds: string[];
}

/** How the caller is written into audit events and follow-ups. */
export function actorOf(principal: Principal): string {
  return `${principal.role}:${principal.name}#${principal.keyId}`;
}
