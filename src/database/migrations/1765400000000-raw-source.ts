import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The original of a Weibo record that could not go into jsonb as it was.
 * jsonb refuses `\u0000` and unpaired surrogates, so `raw` holds the record
 * with every string made storable (NUL and other controls removed, lone
 * surrogates replaced by U+FFFD); when that changed anything, `raw_source`
 * holds the original as JSON text. JSON writes those characters as ASCII
 * escapes (`\u0000` as six characters), which `text` accepts, so the
 * original is kept byte for byte as parsed and JSON.parse gives it back.
 * It is null for the records (nearly all) that needed no cleaning, so the
 * raw data is not stored twice.
 */
export class RawSource1765400000000 implements MigrationInterface {
  name = 'RawSource1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE posts ADD COLUMN raw_source text;`);
    await db.query(`ALTER TABLE comments ADD COLUMN raw_source text;`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE comments DROP COLUMN raw_source;`);
    await db.query(`ALTER TABLE posts DROP COLUMN raw_source;`);
  }
}
