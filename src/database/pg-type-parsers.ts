import { types } from 'pg';
import { parseTimestamptzText } from './timestamptz-text';

const TIMESTAMPTZ: number = types.builtins.TIMESTAMPTZ;
const pgTimestamptz = types.getTypeParser(TIMESTAMPTZ, 'text') as (text: string) => unknown;

/** A timestamptz read off its fixed positions; any other shape as pg reads it. */
function readTimestamptz(text: string): unknown {
  return parseTimestamptzText(text) ?? pgTimestamptz(text);
}

/**
 * The type parsers of the server pool's connections: pg's own, except the
 * timestamptz, read without regular expressions (timestamptz-text.ts). Given
 * to the pool rather than set on pg's global table, so no other user of pg
 * in the process is changed.
 */
export const SERVER_TYPE_PARSERS = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): unknown {
    if (oid === TIMESTAMPTZ && format !== 'binary') {
      return readTimestamptz;
    }
    return format === undefined ? types.getTypeParser(oid) : types.getTypeParser(oid, format);
  },
};
