import {
  canAccessLeader,
  leaderScope,
  masksCitizens,
  requireLeaderAccess,
  requireRole,
} from './access-policy';
import type { Principal, Role } from './principal';

const principal = (role: Role, leaderIds: string[] = []): Principal => ({
  keyId: 'k1',
  name: 'test',
  role,
  leaderIds,
});

describe('access policy', () => {
  it.each(['admin', 'auditor', 'evaluator'] as const)('%s reads every leader', (role) => {
    expect(canAccessLeader(principal(role), 'L1')).toBe(true);
    expect(leaderScope(principal(role))).toBeNull();
  });

  it.each(['leader', 'staff'] as const)('%s reads only its own leaders', (role) => {
    const p = principal(role, ['L1']);
    expect(canAccessLeader(p, 'L1')).toBe(true);
    expect(canAccessLeader(p, 'L2')).toBe(false);
    expect(() => requireLeaderAccess(p, 'L2')).toThrow('may not access leader L2');
    expect(leaderScope(p)).toEqual(['L1']);
  });

  it('names the role that was refused', () => {
    expect(() => requireRole(principal('evaluator'), ['admin'], 'create leaders')).toThrow(
      'role evaluator may not create leaders',
    );
  });

  it('masks citizens for evaluators only', () => {
    expect(masksCitizens(principal('evaluator'))).toBe(true);
    expect(masksCitizens(principal('auditor'))).toBe(false);
  });
});
