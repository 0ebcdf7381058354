/**
 * The rules of an appeal (申诉) against a frozen snapshot, SPEC section 10.
 * Pure: plain inputs, domain errors out; no clock, no database.
 *
 * - Filing is open for `appealDays` × 24 h after the FIRST version of the
 *   snapshot was created: a correction does not reopen the period.
 * - The appealed cases must be the appealing leader's own, opened inside the
 *   snapshot's window (from ≤ openedAt < to, openedAt ≤ asOf: the cases the
 *   snapshot counted), and not already corrected along the chain.
 * - A decision's corrections touch only the appealed cases, each at most
 *   once; `reassign` names another leader, `exclude` names none. An accepted
 *   appeal corrects at least one case; a rejected one corrects none.
 */
import { InvalidInput } from '../common/domain-error';
import type { SnapshotCaseCorrection, SnapshotCorrection } from '../metrics/snapshot-format';
import { AppealDeadlinePassed, CasesAlreadyCorrected } from './appeal-errors';

export const APPEAL_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];
export const DECISIONS = ['accepted', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];
export const CORRECTION_ACTIONS = ['exclude', 'reassign'] as const;
export type CorrectionAction = (typeof CORRECTION_ACTIONS)[number];

export type CorrectionRequest = { caseId: string; action: CorrectionAction; toLeaderId?: string };

/** What the rules need to know about an appealed case. */
export type CaseFacts = { id: string; leaderId: string; openedAt: Date };

export type SnapshotWindowDates = { from: Date; to: Date; asOf: Date };

const DAY_MS = 86_400_000;

export function appealDeadline(firstVersionCreatedAt: Date, appealDays: number): Date {
  return new Date(firstVersionCreatedAt.getTime() + appealDays * DAY_MS);
}

/** Filing at the deadline instant itself is still in time. */
export function checkFiledInTime(snapshotId: string, now: Date, deadline: Date): void {
  if (now.getTime() > deadline.getTime()) {
    throw new AppealDeadlinePassed(snapshotId, deadline);
  }
}

/** Every appealed case exists, is the leader's, was counted by the snapshot and is not yet corrected. */
export function checkAppealedCases(
  request: { leaderId: string; caseIds: readonly string[] },
  found: readonly CaseFacts[],
  window: SnapshotWindowDates,
  alreadyCorrected: ReadonlySet<string>,
): void {
  const byId = new Map(found.map((c) => [c.id, c]));
  const unknown = request.caseIds.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw new InvalidInput('caseIds', `contains unknown cases: ${unknown.join(', ')}`);
  }
  const foreign = request.caseIds.filter((id) => byId.get(id)?.leaderId !== request.leaderId);
  if (foreign.length > 0) {
    throw new InvalidInput(
      'caseIds',
      `contains cases of another leader than ${request.leaderId}: ${foreign.join(', ')}`,
    );
  }
  const outside = request.caseIds.filter((id) => {
    const opened = (byId.get(id) as CaseFacts).openedAt.getTime();
    return (
      opened < window.from.getTime() ||
      opened >= window.to.getTime() ||
      opened > window.asOf.getTime()
    );
  });
  if (outside.length > 0) {
    throw new InvalidInput(
      'caseIds',
      `contains cases outside the snapshot's window: ${outside.join(', ')}`,
    );
  }
  const corrected = request.caseIds.filter((id) => alreadyCorrected.has(id));
  if (corrected.length > 0) {
    throw new CasesAlreadyCorrected(corrected);
  }
}

/** Checks a decision against its appeal and returns the case changes it makes. */
export function planCorrections(
  appeal: { leaderId: string; caseIds: readonly string[] },
  decision: Decision,
  corrections: readonly CorrectionRequest[],
): SnapshotCaseCorrection[] {
  if (decision === 'rejected') {
    if (corrections.length > 0) {
      throw new InvalidInput('corrections', 'must be empty when the appeal is rejected');
    }
    return [];
  }
  if (corrections.length === 0) {
    throw new InvalidInput('corrections', 'must correct at least one case when accepted');
  }
  const appealed = new Set(appeal.caseIds);
  const seen = new Set<string>();
  return corrections.map((correction, i) => {
    const at = `corrections[${i}]`;
    if (!appealed.has(correction.caseId)) {
      throw new InvalidInput(
        `${at}.caseId`,
        `${correction.caseId} is not one of the appealed cases`,
      );
    }
    if (seen.has(correction.caseId)) {
      throw new InvalidInput(`${at}.caseId`, `${correction.caseId} is corrected twice`);
    }
    seen.add(correction.caseId);
    if (correction.action === 'exclude') {
      if (correction.toLeaderId !== undefined) {
        throw new InvalidInput(`${at}.toLeaderId`, 'must be absent for exclude');
      }
      return {
        caseId: correction.caseId,
        action: 'exclude',
        fromLeaderId: appeal.leaderId,
        toLeaderId: null,
      };
    }
    if (correction.toLeaderId === undefined) {
      throw new InvalidInput(`${at}.toLeaderId`, 'is required for reassign');
    }
    if (correction.toLeaderId === appeal.leaderId) {
      throw new InvalidInput(`${at}.toLeaderId`, 'must be another leader than the appellant');
    }
    return {
      caseId: correction.caseId,
      action: 'reassign',
      fromLeaderId: appeal.leaderId,
      toLeaderId: correction.toLeaderId,
    };
  });
}

/** Case ids corrected anywhere along a chain. */
export function correctedCaseIds(corrections: readonly SnapshotCorrection[]): Set<string> {
  return new Set(corrections.flatMap((c) => c.changes.map((change) => change.caseId)));
}

/** Whose each corrected case is, for the metric aggregation (null: nobody's). */
export function caseOwnership(
  corrections: readonly SnapshotCorrection[],
): { caseId: string; toLeaderId: string | null }[] {
  return corrections.flatMap((c) =>
    c.changes.map((change) => ({ caseId: change.caseId, toLeaderId: change.toLeaderId })),
  );
}

/** The leaders whose figures the changes move: each case's old and new owner. */
export function affectedLeaders(changes: readonly SnapshotCaseCorrection[]): string[] {
  const ids = new Set<string>();
  for (const change of changes) {
    ids.add(change.fromLeaderId);
    if (change.toLeaderId !== null) {
      ids.add(change.toLeaderId);
    }
  }
  return [...ids].sort();
}
