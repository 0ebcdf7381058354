import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The signals of a post's or comment's clean text, as the one HTML-to-text
 * step found them (weibo/weibo-text.ts): links with their addresses and
 * hosts, emoji, mentions and topics, each with its place in `text`. The
 * classifier reads them beside the text (a link is a spam signal that the
 * clean text alone no longer shows), at intake and at re-classification
 * alike. Rows stored before this column are left null: re-classification
 * reads their signals again from the stored `html`, with the same function.
 */
export class TextSignals1765500000000 implements MigrationInterface {
  name = 'TextSignals1765500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE posts ADD COLUMN text_signals jsonb;`);
    await db.query(`ALTER TABLE comments ADD COLUMN text_signals jsonb;`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE comments DROP COLUMN text_signals;`);
    await db.query(`ALTER TABLE posts DROP COLUMN text_signals;`);
  }
}
