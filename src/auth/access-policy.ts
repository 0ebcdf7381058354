import { Forbidden } from '../common/domain-error';
import type { Principal, Role } from './principal';

/**
 * Object-level scoping, in one place. Roles that read everything:
 * admin, auditor, evaluator. A leader or staff key reaches only the leaders
 * it is bound to. Every endpoint that touches a leader's data calls these.
 */
const GLOBAL_READERS: ReadonlySet<Role> = new Set(['admin', 'auditor', 'evaluator']);

export function canAccessLeader(principal: Principal, leaderId: string): boolean {
  return GLOBAL_READERS.has(principal.role) || principal.leaderIds.includes(leaderId);
}

export function requireLeaderAccess(principal: Principal, leaderId: string): void {
  if (!canAccessLeader(principal, leaderId)) {
    throw new Forbidden(`this key may not access leader ${leaderId}`);
  }
}

/** null: every leader; otherwise the only leader ids the caller may list. */
export function leaderScope(principal: Principal): string[] | null {
  return GLOBAL_READERS.has(principal.role) ? null : principal.leaderIds;
}

export function requireRole(principal: Principal, allowed: readonly Role[], doing: string): void {
  if (!allowed.includes(principal.role)) {
    throw new Forbidden(`role ${principal.role} may not ${doing}`);
  }
}

/** Evaluators never see who wrote a message. */
export function masksCitizens(principal: Principal): boolean {
  return principal.role === 'evaluator';
}
