import { Global, Module } from '@nestjs/common';
import { LeaderFeeds } from '../leaders/leader-feeds';
import { FeedsRepository } from './feeds.repository';

/**
 * The `feeds` table's one writer, global so that LeadersModule (below
 * polling in the graph) receives its LeaderFeeds port without importing
 * polling.
 */
@Global()
@Module({
  providers: [FeedsRepository, { provide: LeaderFeeds, useExisting: FeedsRepository }],
  exports: [FeedsRepository, LeaderFeeds],
})
export class FeedsModule {}
