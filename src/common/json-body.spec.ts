import { forbiddenKey, MAX_JSON_DEPTH, nestsDeeperThan } from './json-body';

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

describe('forbiddenKey', () => {
  it('finds __proto__, constructor and prototype as keys at any depth', () => {
    expect(forbiddenKey('{"name":"x","__proto__":{"isAdmin":true}}')).toBe('__proto__');
    expect(forbiddenKey('{"a":[{"b":{"constructor" : {"prototype":1}}}]}')).toBe('constructor');
    expect(forbiddenKey('{"prototype":1}')).toBe('prototype');
  });

  it('reads escaped spellings as JSON.parse does', () => {
    const escaped = '{"\\u005f_proto__":{}}';
    expect(Object.keys(JSON.parse(escaped) as object)).toEqual(['__proto__']);
    expect(forbiddenKey(escaped)).toBe('__proto__');
  });

  it('lets values, other keys and look-alikes pass', () => {
    expect(forbiddenKey('{"text":"__proto__","note":"constructor: x"}')).toBeNull();
    expect(forbiddenKey('{"text":"a \\"__proto__\\": b"}')).toBeNull();
    expect(forbiddenKey('["__proto__", "constructor"]')).toBeNull();
    expect(forbiddenKey('{"__proto":1,"constructors":2,"Prototype":3}')).toBeNull();
    expect(forbiddenKey('{"text":"民声","n":1}')).toBeNull();
  });

  it('stops at malformed text without throwing (the parser refuses it later)', () => {
    expect(forbiddenKey('{"__proto__')).toBeNull();
    expect(forbiddenKey('{"\\u00":1}')).toBeNull();
  });
});
