import fc from 'fast-check';
import { mayHaveTraditional, toSimplified, toSimplifiedByOpenCC } from './traditional';

interface Config {
  normalizationChain?: (string | [string, string][])[][];
  conversionChain: (string | [string, string][])[][];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const OpenCC = require('opencc-js') as { Locale: { configs: Record<string, Config> } };

/** Every key and replacement of the dictionaries behind opencc-js's hk → cn converter. */
function vocabulary(): { phrases: string[]; chars: string[] } {
  const config = OpenCC.Locale.configs.hk2s;
  const phrases = new Set<string>();
  const chars = new Set<string>();
  for (const group of [...(config.normalizationChain ?? []), ...config.conversionChain]) {
    for (const dict of group) {
      const pairs =
        typeof dict === 'string'
          ? dict.split('|').map((e) => e.split(' ') as [string, string])
          : dict;
      for (const [key, value] of pairs) {
        for (const word of [key, value]) {
          if (word === undefined) {
            continue;
          }
          if ([...word].length > 1) {
            phrases.add(word);
          }
          for (const ch of word) {
            chars.add(ch);
          }
        }
      }
    }
  }
  return { phrases: [...phrases], chars: [...chars] };
}

describe('toSimplified', () => {
  const { phrases, chars } = vocabulary();
  const plain = [...'的了是我你他们在有不这个人说请问，。！？ ABCabc123@#[]（）…'];

  it('gives what opencc-js gives on every dictionary character and phrase', () => {
    for (const text of [...chars, ...phrases]) {
      expect(toSimplified(text)).toBe(toSimplifiedByOpenCC(text));
    }
  });

  it('gives what opencc-js gives on random traditional text', () => {
    // Mostly single characters (the table path), with phrases, broken
    // phrases, astral characters and ideographic description characters mixed in.
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...chars) },
      { weight: 3, arbitrary: fc.constantFrom(...plain) },
      { weight: 1, arbitrary: fc.constantFrom(...phrases) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...phrases), fc.nat())
          .map(([p, cut]) => [...p].slice(0, 1 + (cut % [...p].length)).join('')),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom('𠵾', '𡞱', '⿰', '⿱木木', '\ud800', '\uffff', '\uf900'),
      },
    );
    const text = fc.array(piece, { minLength: 1, maxLength: 40 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(toSimplified(t)).toBe(toSimplifiedByOpenCC(t));
      }),
      { numRuns: 20000 },
    );
  });

  it('converts common traditional comments without changing simplified text', () => {
    const text = '夜裡施工的噪音真的太誇張了，請問可以投訴到哪裡？';
    expect(mayHaveTraditional(text)).toBe(true);
    expect(toSimplified(text)).toBe('夜里施工的噪音真的太夸张了，请问可以投诉到哪里？');
    expect(toSimplified('请问可以投诉到哪里？')).toBe('请问可以投诉到哪里？');
  });
});
