/**
 * Traditional→simplified folding for matching. opencc-js costs several
 * microseconds per short comment, so the converter runs only when the text
 * holds a character that it changes (one bit per BMP code unit: an 8 KiB
 * table, small enough to stay in cache beside the segmenter's), and then
 * usually through a character table built from opencc-js's own tries (see
 * convertByCharacter); texts where one of its phrase rules could apply still
 * go through opencc-js.
 *
 * From `hk`, not `tw`: the tw table turns a lone 么 into 幺, which simplified
 * text is full of.
 */
type Convert = (text: string) => string;
type DictLike = string | readonly (readonly [string, string])[];
type DictGroup = readonly DictLike[];

/** A node of opencc-js's Trie: children by code point, and the replacement if a key ends here. */
interface TrieNode extends Map<number, TrieNode> {
  trie_val?: string;
}

interface OpenCCTrie {
  map: TrieNode;
  loadDictGroup(group: DictGroup): void;
}

/** What Converter() builds for a locale pair that has a config (hk → cn is `hk2s`). */
interface OpenCCConfig {
  normalizationChain?: DictGroup[];
  segmentation?: unknown;
  conversionChain: DictGroup[];
}

interface OpenCCModule {
  Converter(options: { from: string; to: string }): Convert;
  Trie: new () => OpenCCTrie;
  Locale: {
    from: Record<string, readonly DictGroup[]>;
    to: Record<string, readonly DictGroup[]>;
    configs?: Record<string, OpenCCConfig | undefined>;
  };
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
  fast = buildCharacterTables();
  // The character tables must agree with opencc-js on every character of
  // its dictionaries, or they are not used at all.
  if (fast !== undefined) {
    for (const ch of seen) {
      const byCharacter = convertByCharacter(ch);
      if (byCharacter !== undefined && byCharacter !== c(ch)) {
        fast = undefined;
        break;
      }
    }
  }
  convert = c;
  triggers = { bmp: bmpTrigger, astral: astralTrigger };
  return c;
}

/**
 * opencc-js's hk → cn converter (its `hk2s` config) is a chain of tries:
 * normalisation (compatibility ideographs), then two conversion passes
 * (HK variants, then traditional → simplified) over segments cut by a phrase
 * trie. Each trie replaces the longest key starting at each position. Where
 * no key of two or more characters matches anywhere, every pass replaces
 * character by character and the segmentation changes nothing; then the
 * whole conversion is one table look-up per character and pass.
 */
interface CharacterTables {
  /** Per pass, the replacement of each BMP code unit (0: itself; BAIL: not one BMP code unit). */
  maps: Uint16Array[];
  /** Per pass, the trie's root, to see whether a key of two characters or more starts here. */
  roots: TrieNode[];
  /** Bit k set for a code unit that starts a longer key in pass k. */
  starts: Uint8Array;
}

const BAIL = 0xffff;
let fast: CharacterTables | undefined;
let scratch = new Uint16Array(256);
let scratchBytes = Buffer.from(scratch.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A code unit opencc-js would not step over alone: surrogates and ideographic description characters. */
function isSpecial(code: number): boolean {
  return (code >= 0xd800 && code <= 0xdfff) || (code >= 0x2ff0 && code <= 0x2fff);
}

function buildCharacterTables(): CharacterTables | undefined {
  const config = OpenCC.Locale.configs?.hk2s;
  if (config === undefined || !LITTLE_ENDIAN) {
    return undefined;
  }
  const groups = [...(config.normalizationChain ?? []), ...config.conversionChain];
  if (groups.length > 8) {
    return undefined;
  }
  const maps: Uint16Array[] = [];
  const roots: TrieNode[] = [];
  const starts = new Uint8Array(0x10000);
  groups.forEach((group, k) => {
    const trie = new OpenCC.Trie();
    trie.loadDictGroup(group);
    const map = new Uint16Array(0x10000);
    for (const [cp, node] of trie.map) {
      if (cp > 0xffff) {
        continue; // the text has no surrogates when the tables are used
      }
      if (node.size > 0) {
        starts[cp] |= 1 << k;
      }
      const value = node.trie_val;
      if (value !== undefined) {
        const v = value.charCodeAt(0);
        map[cp] = value.length !== 1 || isSpecial(v) || v === BAIL ? BAIL : v === cp ? 0 : v;
      }
    }
    if (map[BAIL] === 0) {
      map[BAIL] = BAIL;
    }
    maps.push(map);
    roots.push(trie.map);
  });
  return { maps, roots, starts };
}

/**
 * The conversion through the character tables, or undefined when a phrase
 * rule could apply (or some character is not a plain BMP one): then only
 * opencc-js itself gives the right answer.
 */
function convertByCharacter(text: string): string | undefined {
  const tables = fast;
  if (tables === undefined) {
    return undefined;
  }
  const n = text.length;
  if (scratch.length < n) {
    scratch = new Uint16Array(Math.max(n, scratch.length * 2));
    scratchBytes = Buffer.from(scratch.buffer);
  }
  const buffer = scratch;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isSpecial(c)) {
      return undefined;
    }
    buffer[i] = c;
  }
  const { maps, roots, starts } = tables;
  let changed = false;
  for (let k = 0; k < maps.length; k++) {
    const map = maps[k];
    const bit = 1 << k;
    for (let i = 0; i < n; i++) {
      const c = buffer[i];
      // buffer[i + 1] is still this pass's input: the walk goes left to right.
      if ((starts[c] & bit) !== 0 && i + 1 < n && roots[k].get(c)?.has(buffer[i + 1]) === true) {
        return undefined;
      }
      const m = map[c];
      if (m !== 0) {
        if (m === BAIL) {
          return undefined;
        }
        buffer[i] = m;
        changed = true;
      }
    }
  }
  return changed ? scratchBytes.toString('utf16le', 0, n * 2) : text;
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

/** opencc-js's hk → cn conversion (through the character tables when they give the same). */
export function toSimplified(text: string): string {
  convert ??= init();
  return convertByCharacter(text) ?? convert(text);
}

/** opencc-js's own conversion, for tests that compare the two. */
export function toSimplifiedByOpenCC(text: string): string {
  convert ??= init();
  return convert(text);
}
