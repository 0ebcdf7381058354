import fc from 'fast-check';
import { parseWeiboJson, quoteUnsafeIntegers } from './weibo-json';

describe('parseWeiboJson', () => {
  it('keeps integers beyond 2^53 exact as strings', () => {
    const parsed = parseWeiboJson(
      '{"id":12345678901234567890,"user":{"id":9007199254740993},"n":[-98765432109876543210]}',
    ) as { id: unknown; user: { id: unknown }; n: unknown[] };
    expect(parsed.id).toBe('12345678901234567890');
    expect(parsed.user.id).toBe('9007199254740993');
    expect(parsed.n).toEqual(['-98765432109876543210']);
  });

  it('leaves safe integers, decimals and strings alone', () => {
    const text =
      '{"id":5100000000000001,"max":9007199254740991,"x":1.2345678901234567,"e":12345678901234567e3,' +
      '"s":"{\\"id\\":12345678901234567890}","t":"12345678901234567890"}';
    expect(parseWeiboJson(text)).toEqual(JSON.parse(text));
  });

  it('throws on text that is not JSON', () => {
    expect(() => parseWeiboJson('<html>验证码</html>')).toThrow(SyntaxError);
  });

  it('round-trips any big id sent as a number', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 25n }), fc.string(), (id, text) => {
        const body = `{"id":${id},"text":${JSON.stringify(text)}}`;
        const parsed = parseWeiboJson(body) as { id: unknown; text: string };
        expect(String(parsed.id)).toBe(id.toString());
        expect(parsed.text).toBe(text);
      }),
    );
  });

  it('returns the same text when nothing needs quoting', () => {
    const text = '{"a":[1,2,3],"b":"12345678901234567890"}';
    expect(quoteUnsafeIntegers(text)).toBe(text);
  });
});
