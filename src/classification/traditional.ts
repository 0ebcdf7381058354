/**
 * Traditional→simplified folding for matching. Converting costs about a
 * microsecond per short comment, so the converter runs only when the text
 * holds a character that it changes (one bit per BMP code unit: an 8 KiB
 * table, small enough to stay in cache beside the segmenter's).
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
/** Bit `c` set for each BMP code unit `c` that the converter may change. */
let bmpTrigger: Int32Array | undefined;
const astralTrigger = new Set<number>();
let triggers: TraditionalTriggers | undefined;

export interface TraditionalTriggers {
  /** Bit set over BMP code units: test with isTrigger(). */
  bmp: Int32Array;
  astral: ReadonlySet<number>;
}

/** Whether BMP code unit `code` is marked in the bit set. */
export function isTrigger(bits: Int32Array, code: number): boolean {
  return ((bits[code >>> 5] >>> (code & 31)) & 1) === 1;
}

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
    (bmpTrigger as Int32Array)[cp >>> 5] |= 1 << (cp & 31);
  }
}

function init(): Convert {
  const c: Convert = OpenCC.Converter({ from: 'hk', to: 'cn' });
  bmpTrigger = new Int32Array(0x10000 >>> 5);
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
  triggers = { bmp: bmpTrigger, astral: astralTrigger };
  return c;
}

/** Builds the converter and trigger table now rather than on the first message. */
export function warmUpTraditional(): void {
  convert ??= init();
}

/** True when `text` has a character that the converter might change. */
export function mayHaveTraditional(text: string): boolean {
  convert ??= init();
  const table = bmpTrigger as Int32Array;
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
    if (isTrigger(table, code)) {
      return true;
    }
  }
  return false;
}

/** The trigger tables, for callers that fold the check into their own scan. */
export function traditionalTriggers(): TraditionalTriggers {
  if (triggers === undefined) {
    convert ??= init();
  }
  return triggers as TraditionalTriggers;
}

export function toSimplified(text: string): string {
  convert ??= init();
  return convert(text);
}
