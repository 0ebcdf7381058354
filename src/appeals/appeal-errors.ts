import { Conflict } from '../common/domain-error';

export class AppealDeadlinePassed extends Conflict {
  constructor(snapshotId: string, deadline: Date) {
    super(
      'APPEAL_DEADLINE_PASSED',
      `appeals against snapshot ${snapshotId} closed at ${deadline.toISOString()}`,
      { snapshotId, deadline: deadline.toISOString() },
    );
  }
}

export class AppealAlreadyDecided extends Conflict {
  constructor(appealId: string, status: string) {
    super('APPEAL_ALREADY_DECIDED', `appeal ${appealId} was already ${status}`, {
      appealId,
      status,
    });
  }
}

export class SnapshotSuperseded extends Conflict {
  constructor(snapshotId: string, supersededBy: string) {
    super(
      'SNAPSHOT_SUPERSEDED',
      `snapshot ${snapshotId} was corrected by ${supersededBy}; appeal against that version`,
      { snapshotId, supersededBy },
    );
  }
}

export class CasesAlreadyCorrected extends Conflict {
  constructor(caseIds: readonly string[]) {
    super(
      'CASES_ALREADY_CORRECTED',
      `caseIds already corrected in this snapshot: ${caseIds.join(', ')}`,
      { caseIds },
    );
  }
}

/** A case of the snapshot is already under an appeal not yet decided: one at a time. */
export class AppealAlreadyPending extends Conflict {
  constructor(pending: { id: string; caseIds: readonly string[] }, caseIds: readonly string[]) {
    const named = caseIds.filter((id) => pending.caseIds.includes(id));
    super(
      'APPEAL_ALREADY_PENDING',
      `appeal ${pending.id} against this snapshot is still pending for case${named.length === 1 ? '' : 's'} ${named.join(', ')}`,
      { appealId: pending.id, caseIds: named },
    );
  }
}
