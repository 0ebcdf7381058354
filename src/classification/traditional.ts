/**
 * Traditional→simplified folding for matching. Converting costs about a
 * microsecond per short comment, so the converter runs only when the text
 * holds a character that it changes (a 64 KiB table lookup per character).
 *
 * From `hk`, not `tw`: the tw table turns a lone 么 into 幺, which simplified
 * text is full of.
 */
type Convert = (text: string) => string;
type DictLike = string | readonly (readonly [string, string])[];
type DictGroup = readonly DictLike[];

interface OpenCCModule {
  Converter(options: { from: string; to: string }): Convert;
  Locale: { from: Record<string, readonly DictGroup[]>; to: Record<string, readonly DictGroup[]> };
}

// opencc-js declares itself an ES module but ships a UMD build for require();
// its typings cannot be imported from CommonJS, hence the local interface.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const OpenCC = require('opencc-js') as OpenCCModule;

let convert: Convert | undefined;
/** 1 at the index of each BMP code unit that the converter may change. */
let bmpTrigger: Uint8Array | undefined;
const astralTrigger = new Set<number>();

function entries(dict: DictLike): [string, string][] {
  if (typeof dict === 'string') {
    return dict.split('|').map((e) => e.split(' ') as [string, string]);
  }
  return dict.map(([a, b]) => [a, b]);
}

function markTrigger(char: string): void {
  const cp = char.codePointAt(0) ?? 0;
  if (cp > 0xffff) {
    astralTrigger.add(cp);
  } else {
    (bmpTrigger as Uint8Array)[cp] = 1;
  }
}

function init(): Convert {
  const c: Convert = OpenCC.Converter({ from: 'hk', to: 'cn' });
  bmpTrigger = new Uint8Array(0x10000);
  const dictionaries: DictLike[] = [...OpenCC.Locale.from.hk, ...OpenCC.Locale.to.cn].flat();
  // A text is converted only when it holds a character that converts on its
  // own. Phrase rules whose characters are all simplified-looking (一坏 → 一坯)
  // would only corrupt simplified text, so they do not trigger conversion.
  const seen = new Set<string>();
  for (const dict of dictionaries) {
    for (const [source] of entries(dict)) {
      for (const ch of source ?? '') {
        if (!seen.has(ch)) {
          seen.add(ch);
          if (c(ch) !== ch) {
            markTrigger(ch);
          }
        }
      }
    }
  }
  convert = c;
  return c;
}

/** Builds the converter and trigger table now rather than on the first message. */
export function warmUpTraditional(): void {
  convert ??= init();
}

/** True when `text` has a character that the converter might change. */
export function mayHaveTraditional(text: string): boolean {
  convert ??= init();
  const table = bmpTrigger as Uint8Array;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x3400) {
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      if (astralTrigger.has(text.codePointAt(i) ?? 0)) {
        return true;
      }
      i++;
      continue;
    }
    if (table[code] === 1) {
      return true;
    }
  }
  return false;
}

/** The trigger tables, for callers that fold the check into their own scan. */
export function traditionalTriggers(): { bmp: Uint8Array; astral: ReadonlySet<number> } {
  convert ??= init();
  return { bmp: bmpTrigger as Uint8Array, astral: astralTrigger };
}

export function toSimplified(text: string): string {
  convert ??= init();
  return convert(text);
}
