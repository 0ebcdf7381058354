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
