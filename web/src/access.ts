import type { Role } from './api/types';

/**
 * Which roles may use each screen: the roles the API serves that screen's
 * requests for (the controllers' role lists and the access policy), so a
 * screen is never drawn for a role whose every request would be refused.
 */
const EVERY_ROLE: readonly Role[] = ['admin', 'leader', 'staff', 'auditor', 'evaluator'];

export const SCREEN_ROLES = {
  /** SPEC 8: the leader's or staff member's own cases; an admin or auditor picks a leader. */
  '/backlog': ['admin', 'leader', 'staff', 'auditor'],
  /** Case lists and case detail are served to every role, scoped to the key's leaders. */
  '/leaders/:id/cases': EVERY_ROLE,
  '/cases/:id': EVERY_ROLE,
  /** GET /metrics/ranking */
  '/ranking': ['admin', 'auditor', 'evaluator'],
  /** GET /metrics/leaders/:id */
  '/leaders/:id': ['admin', 'auditor', 'evaluator', 'leader'],
  /** GET /audit/* */
  '/audit': ['admin', 'auditor'],
  /** GET /snapshots, /appeals; a leader opens one snapshot by id to appeal. */
  '/snapshots': ['admin', 'auditor', 'evaluator', 'leader'],
  '/snapshots/:id': ['admin', 'auditor', 'evaluator', 'leader'],
  '/appeals/:id': ['admin', 'auditor', 'evaluator', 'leader'],
  /** Leaders, keys and polling are the administrator's alone. */
  '/admin': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type ScreenPattern = keyof typeof SCREEN_ROLES;

/**
 * Who may record on a case (SPEC 6): follow-ups are the leader's and its
 * staff's (an admin is assigned to no leader); surveys are staff's and the
 * admin's.
 */
export const FOLLOW_UP_ROLES: readonly Role[] = ['staff', 'leader'];
export const SURVEY_ROLES: readonly Role[] = ['staff', 'admin'];

export function mayUse(role: Role, screen: ScreenPattern): boolean {
  return (SCREEN_ROLES[screen] as readonly Role[]).includes(role);
}

/** Where each role starts. */
export const HOME: Record<Role, string> = {
  admin: '/admin',
  leader: '/backlog',
  staff: '/backlog',
  auditor: '/audit',
  evaluator: '/ranking',
};
