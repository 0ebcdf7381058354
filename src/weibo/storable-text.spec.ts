import { textProblem } from '../common/unsafe-text';
import { storableJson, storableRaw, storableText } from './storable-text';

describe('storableText', () => {
  it('removes NUL, the other C0 controls and DEL, keeping tab and newline', () => {
    expect(storableText('a\u0000b\u0001c\u0008d\u000be\u000cf\u001fg\u007fh\ti\nj')).toBe(
      'abcdefgh\ti\nj',
    );
  });

  it('turns a carriage return, alone or before a newline, into one newline', () => {
    expect(storableText('一\r\n二\r三\n四')).toBe('一\n二\n三\n四');
  });

  it('replaces unpaired surrogates by U+FFFD and keeps pairs', () => {
    expect(storableText('\ud83d')).toBe('\uFFFD');
    expect(storableText('a\ud83db')).toBe('a\uFFFDb');
    expect(storableText('a\ude00b')).toBe('a\uFFFDb');
    expect(storableText('\ude00\ud83d')).toBe('\uFFFD\uFFFD');
    expect(storableText('\ud83d\ude00')).toBe('😀');
    expect(storableText('😀\ud83d😀')).toBe('😀\uFFFD😀');
  });

  it('removes C1 controls too, as requests refuse them', () => {
    expect(storableText('a\u0080b\u0085c\u009fd')).toBe('abcd');
  });

  it('keeps zero-width characters and direction marks: valid text', () => {
    const text = '求助诈骗\u200b\u200d\u200e\u200f\ufeff\u00a0';
    expect(storableText(text)).toBe(text);
  });

  it('removes bidirectional embeddings, overrides and isolates, as requests refuse them', () => {
    expect(storableText('已处理\u202Egnp.exe')).toBe('已处理gnp.exe');
    expect(storableText('\u202a\u202b\u202c\u202d\u2066a\u2067\u2068\u2069')).toBe('a');
  });

  it('leaves nothing the request pipe would refuse', () => {
    const all = Array.from({ length: 0x10000 }, (_, i) => String.fromCharCode(i)).join('');
    expect(textProblem(storableText(all))).toBeNull();
  });

  it('returns the same string when nothing needs cleaning', () => {
    const text = '我要投诉，小区门口飙车 [怒]\n';
    expect(storableText(text)).toBe(text);
  });
});

describe('storableJson', () => {
  it('cleans every string, keys and nested ones included', () => {
    const value = {
      text: 'a\u0000',
      user: { screen_name: '王\ud800', id: 1 },
      list: ['ok', 'x\u0001', 3, null, true],
      ['k\u0000']: 'v',
    };
    expect(storableJson(value)).toEqual({
      text: 'a',
      user: { screen_name: '王\uFFFD', id: 1 },
      list: ['ok', 'x', 3, null, true],
      k: 'v',
    });
  });

  it('returns the very same value when nothing needed cleaning', () => {
    const value = { text: '好', list: [1, 'a', { b: 'c' }] };
    expect(storableJson(value)).toBe(value);
  });

  it('leaves the original untouched', () => {
    const value = { text: 'a\u0000', list: ['\ud83d'] };
    storableJson(value);
    expect(value).toEqual({ text: 'a\u0000', list: ['\ud83d'] });
  });
});

describe('storableRaw', () => {
  it('keeps no source when nothing changed', () => {
    const value = { text: '好' };
    expect(storableRaw(value)).toEqual({ json: value, source: null });
  });

  it('keeps the original as ASCII-escaped JSON text that parses back to it', () => {
    const value = { text: '投诉\u0000\ud83d', user: { screen_name: '\u0007' } };
    const { json, source } = storableRaw(value);
    expect(json).toEqual({ text: '投诉\uFFFD', user: { screen_name: '' } });
    expect(source).not.toBeNull();
    expect(source).toContain('\\u0000');
    expect(source).toContain('\\ud83d');
    // What PostgreSQL refuses in text: NUL; in jsonb: lone surrogates. Neither is left.
    expect(textProblem(source as string)).toBeNull();
    expect(JSON.parse(source as string)).toEqual(value);
  });
});
