import { findUnsafeText, textProblem } from './unsafe-text';

describe('textProblem', () => {
  it('passes ordinary text, tabs, line breaks and paired surrogates', () => {
    for (const text of ['', '王建国', 'a\tb', '第一行\n第二行', 'crlf\r\n', '😀', '\u00a0nbsp']) {
      expect(textProblem(text)).toBeNull();
    }
  });

  it('names the control character found', () => {
    expect(textProblem('\u0000')).toBe('must not contain control characters (U+0000)');
    expect(textProblem('a\u0007')).toContain('U+0007');
    expect(textProblem('\u001b[31m')).toContain('U+001B');
    expect(textProblem('\u000b')).toContain('U+000B');
    expect(textProblem('\u007f')).toContain('U+007F');
    expect(textProblem('\u0085')).toContain('U+0085');
  });

  it('refuses unpaired surrogates of either half', () => {
    expect(textProblem('\ud83d')).toContain('surrogate');
    expect(textProblem('x\udc00')).toContain('surrogate');
    expect(textProblem('\ude00\ud83d')).toContain('surrogate');
    expect(textProblem('\ud83d\ude00\ud83d')).toContain('surrogate');
  });
});

describe('bidirectional controls', () => {
  it('refuses embeddings, overrides and isolates, naming the character', () => {
    expect(textProblem('已处理\u202Egnp.exe')).toBe(
      'must not contain bidirectional control characters (U+202E), which reorder how the text reads',
    );
    for (const c of [
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ]) {
      expect(textProblem(`a${c}b`)).toContain('bidirectional');
    }
  });

  it('passes the invisible characters that text legitimately holds', () => {
    // Zero-width joiner in an emoji sequence, direction marks, a soft hyphen.
    for (const text of ['👨\u200d👩\u200d👧', 'abc\u200e', '\u200f', 'co\u00adop', '\u2060']) {
      expect(textProblem(text)).toBeNull();
    }
  });
});

describe('findUnsafeText', () => {
  it('finds nothing in clean values of any shape', () => {
    expect(findUnsafeText({ a: ['x', 1, null, { b: true }], c: 'y' })).toBeNull();
    expect(findUnsafeText(42)).toBeNull();
    expect(findUnsafeText(undefined)).toBeNull();
  });

  it('names the field by its path', () => {
    expect(findUnsafeText({ name: '\u0000' })).toEqual({
      field: 'name',
      problem: 'must not contain control characters (U+0000)',
    });
    expect(findUnsafeText({ leaderIds: ['ok', 'x\u0001'] })?.field).toBe('leaderIds[1]');
    expect(findUnsafeText({ holidays: [{ name: '\ud800' }] })?.field).toBe('holidays[0].name');
    expect(findUnsafeText('\u0002', 'id')?.field).toBe('id');
  });

  it('checks field names too', () => {
    const found = findUnsafeText({ rules: { ['bad\u0000key']: 1 } });
    expect(found?.field).toBe('rules');
    expect(found?.problem).toContain('field name');
    expect(findUnsafeText({ ['\u0000']: 1 })?.field).toBe('field name');
  });
});
