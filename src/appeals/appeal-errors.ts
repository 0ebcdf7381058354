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
