import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('counts objects and arrays as levels, a top-level value as level 1', () => {
    expect(nestsDeeperThan('{}', 1)).toBe(false);
    expect(nestsDeeperThan('{"a":[]}', 1)).toBe(true);
    expect(nestsDeeperThan('{"a":[]}', 2)).toBe(false);
    expect(nestsDeeperThan('"x"', 0)).toBe(false);
    expect(nestsDeeperThan('12', 0)).toBe(false);
  });

  it('allows exactly the limit and refuses one more', () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan(`{"a":${nested(5_000)}}`, MAX_JSON_DEPTH)).toBe(true);
  });

  it('measures the deepest point, not the total number of brackets', () => {
    const wide = `[${Array.from({ length: 1_000 }, () => '{"a":[1]}').join(',')}]`;
    expect(nestsDeeperThan(wide, 3)).toBe(false);
    expect(nestsDeeperThan(wide, 2)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(`{"a":"${nested(100)}"}`, 1)).toBe(false);
    expect(nestsDeeperThan('{"a":"\\"[[[[","b":"\\\\"}', 1)).toBe(false);
    expect(nestsDeeperThan('{"a":"\\\\",  "b":[[]]}', 2)).toBe(true);
  });

  it('reads bytes as well as strings, multi-byte characters included', () => {
    expect(nestsDeeperThan(Buffer.from('{"名":["[[["]}'), 2)).toBe(false);
    expect(nestsDeeperThan(Buffer.from('{"名":[["民"]]}'), 2)).toBe(true);
  });
});
