import { Conflict } from '../common/domain-error';

export class AlreadyPublished extends Conflict {
  constructor(snapshotId: string, publishedAt: Date) {
    super(
      'SNAPSHOT_ALREADY_PUBLISHED',
      `snapshot ${snapshotId} was published at ${publishedAt.toISOString()}`,
      { snapshotId, publishedAt: publishedAt.toISOString() },
    );
  }
}

/** A version that a correction replaced: publishing it would show outdated figures. */
export class SupersededNotPublishable extends Conflict {
  constructor(snapshotId: string, supersededBy: string) {
    super(
      'SNAPSHOT_SUPERSEDED',
      `snapshot ${snapshotId} was corrected by ${supersededBy}; publish that version`,
      { snapshotId, supersededBy },
    );
  }
}
